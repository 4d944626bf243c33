import FilterAltIcon from '@mui/icons-material/FilterAlt';
import HomeOutlined from '@mui/icons-material/HomeOutlined';
import PeopleAltIcon from '@mui/icons-material/PeopleAlt';
import StorageIcon from '@mui/icons-material/Storage';
import CloudQueueIcon from '@mui/icons-material/CloudQueue';
import type { ReactElement } from 'react';
import { HomePage } from '../features/home/HomePage';
import { SegmentRecordPage } from '../features/segmentRecord/SegmentRecordPage';
import { SegmentsPage } from '../features/segments/SegmentsPage';
import { ContactPage } from '../features/contacts/ContactPage';
import { ContactsPage } from '../features/contacts/ContactsPage';
import { DataPage } from '../features/imports/DataPage';
import { WarehousePage } from '../features/warehouse/WarehousePage';

/** One entry of the navigation. Features replace their placeholder page here. */
export interface AppRoute {
  path: string;
  label: string;
  icon: ReactElement;
  /** `subpath` is what follows the route's path in the URL (e.g. a segment id), '' for the page itself. */
  render: (subpath: string) => ReactElement;
}

export const ROUTES: readonly AppRoute[] = [
  {
    path: 'home',
    label: 'Home',
    icon: <HomeOutlined />,
    render: () => <HomePage />,
  },
  {
    path: 'segments',
    label: 'Segments',
    icon: <FilterAltIcon />,
    render: (id) => (id ? <SegmentRecordPage id={decodeURIComponent(id)} /> : <SegmentsPage />),
  },
  {
    path: 'contacts',
    label: 'Contacts',
    icon: <PeopleAltIcon />,
    render: (rid) => (rid && Number.isInteger(Number(rid)) ? <ContactPage rid={Number(rid)} /> : <ContactsPage />),
  },
  {
    path: 'data',
    label: 'Data',
    icon: <StorageIcon />,
    render: () => <DataPage />,
  },
  {
    path: 'warehouse',
    label: 'Warehouse',
    icon: <CloudQueueIcon />,
    render: () => <WarehousePage />,
  },
];

/** The first page: the home view says what the database holds and what to do first. */
export const DEFAULT_ROUTE = 'home';
