/** Warehouse data source endpoints: the connection's status, test / connect / disconnect, and where a segment runs. */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';

export const warehouseApi = api.injectEndpoints({
  endpoints: (build) => ({
    warehouseStatus: build.query<MethodOutput<'warehouse.status'>, void>({
      queryFn: (_arg, queryApi) => apiQueryFn('warehouse.status')({}, queryApi),
      providesTags: [{ type: 'Warehouse', id: 'STATUS' }],
    }),
    testWarehouse: build.mutation<MethodOutput<'warehouse.test'>, MethodInput<'warehouse.test'>>({
      queryFn: apiQueryFn('warehouse.test'),
    }),
    connectWarehouse: build.mutation<MethodOutput<'warehouse.connect'>, MethodInput<'warehouse.connect'>>({
      queryFn: apiQueryFn('warehouse.connect'),
      invalidatesTags: ['Warehouse', 'Estimate'],
    }),
    disconnectWarehouse: build.mutation<MethodOutput<'warehouse.disconnect'>, void>({
      queryFn: (_arg, queryApi) => apiQueryFn('warehouse.disconnect')({}, queryApi),
      invalidatesTags: ['Warehouse', 'Estimate'],
    }),
    readCatalogFromWarehouse: build.mutation<MethodOutput<'warehouse.readCatalog'>, void>({
      queryFn: (_arg, queryApi) => apiQueryFn('warehouse.readCatalog')({}, queryApi),
      invalidatesTags: ['Warehouse', 'Estimate', 'Segment'],
    }),
    segmentSource: build.query<MethodOutput<'warehouse.segmentSource'>, string>({
      queryFn: (segmentId, queryApi) => apiQueryFn('warehouse.segmentSource')({ segmentId }, queryApi),
      // Also the segment's own tag: going live or stopping (recordApi) changes the last run.
      providesTags: (_r, _e, id) => [
        { type: 'Warehouse', id },
        { type: 'Segment', id },
      ],
    }),
    setRunOn: build.mutation<MethodOutput<'warehouse.setRunOn'>, MethodInput<'warehouse.setRunOn'>>({
      queryFn: apiQueryFn('warehouse.setRunOn'),
      // The estimate of this segment now comes from elsewhere: ask again.
      invalidatesTags: (_r, _e, input) => [{ type: 'Warehouse', id: input.segmentId }, 'Estimate'],
    }),
    refreshFromWarehouse: build.mutation<MethodOutput<'segments.refresh'>, string>({
      queryFn: (id, queryApi) => apiQueryFn('segments.refresh')({ id }, queryApi),
      // Success or failure, the last run's facts changed; on success the members too.
      invalidatesTags: (_r, _e, id) => [
        { type: 'Warehouse', id },
        { type: 'Warehouse', id: 'STATUS' },
        { type: 'Segment', id },
        { type: 'Members', id },
      ],
    }),
  }),
});

export const {
  useWarehouseStatusQuery,
  useTestWarehouseMutation,
  useConnectWarehouseMutation,
  useDisconnectWarehouseMutation,
  useSegmentSourceQuery,
  useReadCatalogFromWarehouseMutation,
  useSetRunOnMutation,
  useRefreshFromWarehouseMutation,
} = warehouseApi;
