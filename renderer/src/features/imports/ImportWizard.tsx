/** The import wizard: pick a CSV, preview and map it, run it with progress, then the summary. */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { ImportPreview, ImportSummary } from '../../../../shared/models/import';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { recordApi, useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { FileStep } from './FileStep';
import { usePlatform } from '../../platform/PlatformContext';
import { uploadFile } from './hostFiles';
import { importsApi, usePreviewImportMutation, useSavedMappingMutation, useStartImportMutation } from './importsApi';
import { withPickedName } from '../../../../shared/models/fileNames';
import { MappingStep } from './MappingStep';
import { ImportSummaryView, RunStep } from './RunStep';
import { applySaved, choiceProblems, initialChoices, toImportOptions, type WizardChoices } from './wizardModel';
import { ReadingOptions } from './ReadingOptions';
import { NO_READ_CHOICES, previewGuards, previewInput, unacknowledged, type ReadChoices } from './readingModel';

const STEPS = ['Choose file', 'Map columns', 'Import', 'Summary'];

interface MappingState {
  step: 1;
  path: string;
  name: string;
  preview: ImportPreview;
  choices: WizardChoices;
  acknowledged: string[];
  savedFrom: string | null;
}

/** Step 2 keeps the mapping it started from: a file refused by the import's whole-file check goes back to it. */
type State =
  { step: 0 } | MappingState | { step: 2; id: string; name: string; mapping: MappingState } | { step: 3; summary: ImportSummary };

interface Props {
  upload?: (f: File) => Promise<string>;
  /** A CSV dropped onto the window (App shell): the wizard starts with it. */
  droppedFile?: File | null;
  /** A CSV the desktop app was handed (drop, OS): its path. */
  droppedPath?: string | null;
  /** Called once the wizard has taken `droppedFile` or `droppedPath`. */
  onDroppedTaken?: () => void;
}

export function ImportWizard({ upload = uploadFile, droppedFile = null, droppedPath = null, onDroppedTaken }: Props) {
  const dispatch = useAppDispatch();
  const { dialogs } = usePlatform();
  const [state, setState] = useState<State>({ step: 0 });
  const [startError, setStartError] = useState<string | null>(null);
  // A refusal can arrive after the wizard left the mapping (the whole-file check): bring it into view.
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (startError) errorRef.current?.scrollIntoView?.({ block: 'center' });
  }, [startError]);
  const [preview] = usePreviewImportMutation();
  const [start, startState] = useStartImportMutation();
  const [savedMapping] = useSavedMappingMutation();
  const catalog = useBuilderCatalogQuery();
  const entities = (catalog.data?.entities ?? []).map((e) => e.name);

  const [rereading, setRereading] = useState(false);
  // Columns are matched to the catalog's fields: a file picked while it still loads waits for it.
  const catalogNow = async () => {
    if (catalog.data) return catalog.data;
    const sub = dispatch(recordApi.endpoints.builderCatalog.initiate());
    try {
      return (await sub).data;
    } finally {
      sub.unsubscribe();
    }
  };
  const picked = async (path: string, name: string, read: Partial<ReadChoices> = {}, dateFormat?: string) => {
    const [r, cat] = await Promise.all([preview(previewInput(path, read, dateFormat)), catalogNow()]);
    if (!r.data) throw new Error(errorMessage(r.error));
    let choices = initialChoices(r.data, name, cat);
    // A file with the same header as an earlier import gets that import's mapping again.
    const saved = (await savedMapping({ header: r.data.header })).data?.[0];
    if (saved) {
      const entity = typeof saved.options['entity'] === 'string' ? saved.options['entity'].toLowerCase() : '';
      choices = applySaved(
        choices,
        saved,
        cat?.entities.find((e) => e.name.toLowerCase() === entity),
      );
    }
    const savedFrom = saved ? new Date(saved.savedAt).toLocaleString() : null;
    setState({ step: 1, path, name, preview: r.data, choices, acknowledged: [], savedFrom });
  };
  // Another delimiter, encoding, sheet or locale: preview again (the columns and their types may change).
  const reread = async (read: Partial<ReadChoices>, dateFormat: string) => {
    if (state.step !== 1) return;
    setRereading(true);
    setStartError(null);
    try {
      await picked(state.path, state.name, read, dateFormat);
    } catch (err) {
      setStartError(withPickedName(err instanceof Error ? err.message : String(err), state.path));
    } finally {
      setRereading(false);
    }
  };
  const run = async () => {
    if (state.step !== 1) return;
    const r = await start(toImportOptions(state.path, state.choices));
    if (r.data) setState({ step: 2, id: r.data.id, name: state.name, mapping: state });
    else setStartError(withPickedName(errorMessage(r.error), state.path));
  };
  const finished = (summary: ImportSummary) => {
    // The history lists it (the end may have been polled, before the event's own refresh was listening).
    dispatch(importsApi.util.invalidateTags([{ type: 'Import', id: 'LIST' }]));
    // `start` answers before the whole file is read: a refusal arrives as the import's end. Nothing was
    // written, so the person is back at the mapping with the reason, to fix the options and start again.
    if (summary.status === 'refused' && state.step === 2) {
      setState(state.mapping);
      setStartError(summary.message ? withPickedName(summary.message, summary.file) : 'The file was refused; nothing was imported.');
      return;
    }
    setState({ step: 3, summary });
    // New fields and types may have arrived: the builders' catalog must not stay stale.
    dispatch(recordApi.endpoints.builderCatalog.initiate(undefined, { forceRefetch: true })).unsubscribe();
  };

  const problems = state.step === 1 ? choiceProblems(state.choices) : [];
  const guards = state.step === 1 ? previewGuards(state.preview, state.choices.kind, state.choices.key) : [];
  const waiting = state.step === 1 ? unacknowledged(guards, state.acknowledged) : [];
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Import wizard">
      {/* Narrow windows: the steps wrap onto lines of their own, without the connecting lines (WCAG 1.4.10). */}
      <Stepper
        activeStep={state.step}
        sx={{
          mb: 3,
          flexWrap: { xs: 'wrap', sm: 'nowrap' },
          rowGap: 1,
          '& .MuiStepConnector-root': { display: { xs: 'none', sm: 'block' } },
        }}
      >
        {STEPS.map((s) => (
          <Step key={s}>
            <StepLabel>{s}</StepLabel>
          </Step>
        ))}
      </Stepper>
      {state.step === 0 && (
        <FileStep
          onPicked={picked}
          upload={upload}
          dialogs={dialogs}
          droppedFile={droppedFile}
          droppedPath={droppedPath}
          onDroppedTaken={onDroppedTaken}
        />
      )}
      {state.step === 1 && (
        <Stack spacing={2}>
          <Typography>
            <b>{state.name}</b> · {state.preview.header.length} columns
          </Typography>
          <ReadingOptions
            preview={state.preview}
            read={state.choices.read ?? NO_READ_CHOICES}
            dateFormat={state.choices.dateFormat}
            onRead={(read, dateFormat) => void reread(read, dateFormat)}
            guards={guards}
            acknowledged={state.acknowledged}
            onAcknowledge={(id, on) =>
              setState({ ...state, acknowledged: on ? [...state.acknowledged, id] : state.acknowledged.filter((x) => x !== id) })
            }
            busy={rereading}
          />
          <MappingStep
            preview={state.preview}
            choices={state.choices}
            onChange={(choices) => (setState({ ...state, choices }), setStartError(null))}
            entities={entities}
            problems={problems}
            catalog={catalog.data}
            savedFrom={state.savedFrom}
          />
          {startError && (
            <Alert severity="error" role="alert" ref={errorRef}>
              The import cannot start: {startError}
            </Alert>
          )}
          <Stack direction="row" spacing={1}>
            <Button onClick={() => setState({ step: 0 })}>Back</Button>
            <Button
              variant="contained"
              disabled={problems.length > 0 || waiting.length > 0 || rereading || startState.isLoading}
              onClick={() => void run()}
            >
              Start import
            </Button>
          </Stack>
        </Stack>
      )}
      {state.step === 2 && <RunStep id={state.id} onDone={finished} />}
      {state.step === 3 && <ImportSummaryView summary={state.summary} onAnother={() => setState({ step: 0 })} />}
    </Paper>
  );
}
