/**
 * The Definition tab's editor: the designer (blocks, builders, flow view) or the query text view,
 * with the live estimate above. Switching to text prints the definition; edits in the text are
 * parsed as you type (debounced) and, when valid, become the definition, so the designer follows.
 */
import Fullscreen from '@mui/icons-material/Fullscreen';
import FullscreenExit from '@mui/icons-material/FullscreenExit';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useInertOutside } from './useInertOutside';
import type { SegmentSummary } from '../../../../shared/models/segment';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { errorMessage } from '../../app/errors';
import type { CatalogIndex } from './catalogIndex';
import { DefinitionDesigner, type BlockDefinition } from './DefinitionDesigner';
import { usePrintTextMutation, useParseTextMutation, type ParseError } from './engineApi';
import { EstimateBar } from './EstimateBar';
import { NaturalViewPanel } from './NaturalViewPanel';
import { DEFINITION_KEY } from './issueMap';
import { QueryTextEditor } from './QueryTextEditor';
import { useDebounced } from './useDebounced';
import type { LiveEstimate } from './useLiveEstimate';
import { ParameterPanel } from '../templates/ParameterPanel';
import { listParameters } from '../../../../shared/segments/parameters';

export interface DefinitionEditorProps {
  definition: BlockDefinition;
  onChange: (d: SegmentDefinition) => void;
  index: CatalogIndex;
  readOnly: boolean;
  referenceable: SegmentSummary[];
  segmentName: (id: string) => string;
  estimate: LiveEstimate;
  /** The segment being edited (for references by name and cycle checks). */
  segmentId?: string;
  /** Drafts show the estimate as "estimated". */
  estimated: boolean;
  /** The segment's time zone (the natural view shows date-times in it). */
  timeZone?: string;
}

export function DefinitionEditor(props: DefinitionEditorProps) {
  const { definition, onChange, estimate, segmentId } = props;
  const [mode, setMode] = useState<'designer' | 'text'>('designer');
  // Full screen is the same tree laid over the window (nothing remounts, so focus stays where it is).
  const [fullScreen, setFullScreen] = useState(false);
  const editorRef = useRef<HTMLDivElement | null>(null);
  useInertOutside(editorRef, fullScreen);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<ParseError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  // The text view refused for this definition (unfilled parameters); any edit ends that message.
  const [refusedFor, setRefusedFor] = useState<SegmentDefinition | null>(null);
  const [print] = usePrintTextMutation();
  const [parse, parseState] = useParseTextMutation();
  const settledText = useDebounced(text, 400);
  const lastParsed = useRef('');

  const openText = async () => {
    // The query language has no form for an unfilled template parameter: printing would drop the row.
    if (definition.kind === 'dynamic' && listParameters(definition).some((p) => p.unfilled)) {
      setRefusedFor(definition);
      return;
    }
    const r = await print({ definition });
    if ('error' in r && r.error) {
      setProblem(`The query text could not be shown: ${errorMessage(r.error)}`);
      return;
    }
    if (r.data) {
      setText(r.data.text);
      lastParsed.current = r.data.text;
      setErrors([]);
      setProblem(null);
      setMode('text');
    }
  };

  useEffect(() => {
    // Parse only settled text: right after the view opens the debounced value still holds the
    // previous text (''), and the printed text itself needs no parse (it is the definition).
    if (mode !== 'text' || settledText !== text || settledText === lastParsed.current) return;
    lastParsed.current = settledText;
    let current = true;
    void parse({
      text: settledText,
      kind: definition.kind === 'compound' ? 'compound' : 'dynamic',
      ...(segmentId ? { segmentId } : {}),
    }).then((r) => {
      if (!current || lastParsed.current !== settledText) return; // superseded by newer text
      if ('error' in r && r.error) setProblem(errorMessage(r.error));
      else if (r.data?.ok) {
        setErrors([]);
        setProblem(null);
        if (r.data.definition.kind !== definition.kind)
          setProblem(`This is a ${definition.kind} segment; the text describes a ${r.data.definition.kind} one.`);
        else onChange(r.data.definition);
      } else if (r.data) setErrors(r.data.errors);
    });
    return () => {
      current = false;
    };
  }, [settledText, text, mode, parse, onChange, definition.kind, segmentId]);

  const textPending = mode === 'text' && (settledText !== text || parseState.isLoading);
  const canLeaveText = errors.length === 0 && !textPending && problem === null;
  // While the text is being checked or cannot be read, the estimate is of the last valid text, not of
  // what is on screen: say so rather than show that number as current.
  const stale =
    mode !== 'text'
      ? null
      : errors.length > 0 || problem !== null
        ? 'No estimate until the query text is fixed'
        : textPending
          ? 'Checking the query text…'
          : null;
  const general = estimate.issues.get(DEFINITION_KEY);
  const issueCount = useMemo(() => [...estimate.issues.values()].reduce((n, l) => n + l.length, 0), [estimate.issues]);

  // Esc leaves full screen unless something inside (a menu, a picker) used it to close itself first.
  const leaveOnEscape = (e: KeyboardEvent) => {
    if (fullScreen && e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      setFullScreen(false);
    }
  };

  return (
    <Stack
      spacing={2}
      onKeyDown={leaveOnEscape}
      role={fullScreen ? 'dialog' : undefined}
      aria-modal={fullScreen ? true : undefined}
      ref={editorRef}
      aria-label={fullScreen ? 'Full-screen designer' : undefined}
      data-testid="definition-editor"
      sx={fullScreen ? fullScreenSx : undefined}
    >
      <Stack direction="row" spacing={2} alignItems="center">
        <ToggleButtonGroup
          size="small"
          exclusive
          value={mode}
          onChange={(_e, next: 'designer' | 'text' | null) => {
            if (next === 'text' && mode !== 'text') void openText();
            if (next === 'designer' && canLeaveText) setMode('designer');
          }}
          aria-label="Definition view"
        >
          <ToggleButton value="designer" disabled={mode === 'text' && !canLeaveText}>
            Designer
          </ToggleButton>
          <ToggleButton value="text">Query text</ToggleButton>
        </ToggleButtonGroup>
        <ToggleButton
          size="small"
          value="fullScreen"
          selected={fullScreen}
          onChange={() => setFullScreen((f) => !f)}
          aria-keyshortcuts={fullScreen ? 'Escape' : undefined}
          title={fullScreen ? 'Leave full screen (Esc)' : 'Use the whole window for the designer'}
        >
          {fullScreen ? <FullscreenExit fontSize="small" sx={{ mr: 0.5 }} /> : <Fullscreen fontSize="small" sx={{ mr: 0.5 }} />}
          Full screen
        </ToggleButton>
      </Stack>
      <EstimateBar
        total={estimate.total}
        pending={estimate.pending}
        error={estimate.error}
        issueCount={issueCount}
        estimated={props.estimated}
        stale={stale}
        source={estimate.source}
      />
      <ParameterPanel definition={definition} catalog={props.index.catalog} />
      {general && (
        <Alert severity="error" role="alert">
          {general.join(' ')}
        </Alert>
      )}
      {problem && <Alert severity="error">{problem}</Alert>}
      {refusedFor === definition && (
        <Alert severity="warning">
          Fill in the template’s parameters first: the query text has no form for a row that still asks for its value.
        </Alert>
      )}
      <Box
        sx={{ display: 'flex', flexDirection: fullScreen ? { xs: 'column', lg: 'row-reverse' } : 'column', gap: 2, alignItems: 'stretch' }}
      >
        <Box sx={fullScreen ? { flex: { lg: '0 0 320px' }, position: { lg: 'sticky' }, top: 0, alignSelf: 'flex-start' } : undefined}>
          <NaturalViewPanel
            definition={definition}
            catalog={props.index.catalog}
            timeZone={props.timeZone ?? 'UTC'}
            segmentName={props.segmentName}
          />
        </Box>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          {mode === 'designer' ? (
            <DefinitionDesigner
              definition={definition}
              onChange={onChange}
              index={props.index}
              issues={estimate.issues}
              readOnly={props.readOnly}
              referenceable={props.referenceable}
              segmentName={props.segmentName}
              counts={estimate.counts}
              estimated={props.estimated}
            />
          ) : (
            <QueryTextEditor text={text} onChange={setText} errors={errors} readOnly={props.readOnly} checking={textPending} />
          )}
        </Box>
      </Box>
    </Stack>
  );
}

/** Laid over the whole window (below MUI's menus and dialogs, which must still open above it). */
const fullScreenSx = {
  position: 'fixed',
  inset: 0,
  zIndex: 1200,
  bgcolor: 'background.default',
  overflowY: 'auto',
  p: 2,
  m: 0,
} as const;
