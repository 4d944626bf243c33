/** "Save as template" on a dynamic segment's Definition tab (F19): opens the template editor on its definition. */
import Button from '@mui/material/Button';
import { useState } from 'react';
import type { Catalog } from '../../../../shared/models/catalog';
import type { SegmentRecord } from '../../../../shared/models/segment';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { TemplateEditorDialog } from './TemplateEditorDialog';

interface Props {
  record: SegmentRecord;
  /** The definition as on screen (unsaved edits included). */
  definition: SegmentDefinition;
  catalog: Catalog;
}

export function SaveAsTemplateButton({ record, definition, catalog }: Props) {
  const [open, setOpen] = useState(false);
  const dispatch = useAppDispatch();
  if (definition.kind !== 'dynamic') return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        Save as template
      </Button>
      {open && (
        <TemplateEditorDialog
          open
          onClose={() => setOpen(false)}
          catalog={catalog}
          source={definition}
          suggestedName={`${record.name} (template)`}
          suggestedDescription={record.description}
          onSaved={(t) => dispatch(notify({ message: `Template “${t.name}” saved.`, severity: 'success' }))}
        />
      )}
    </>
  );
}
