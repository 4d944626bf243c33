/**
 * axe-core in the e2e tests: injects the library into the page and checks the whole document against
 * WCAG 2.0–2.2 A and AA. A failure lists each violation readably (rule, impact, the elements' selectors,
 * what to fix and the rule's help page), so a broken state can be fixed from the test output alone.
 * (@axe-core/playwright needs Node 22; injecting axe-core's own file works everywhere.)
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { AxeResults, Result } from 'axe-core';

/** The WCAG 2.2 A/AA rule set the issue asks for (axe also tags best practices; those are not run). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

/** axe-core's browser build. It is evaluated through the DevTools protocol, not added as a <script>: the
 * app's Content-Security-Policy (script-src 'self') rightly blocks inline scripts, and stays on for the audit. */
let axeSource: string | undefined;
const source = () => (axeSource ??= fs.readFileSync(require.resolve('axe-core'), 'utf8'));

/** One violation, as the test prints it. */
function describe(v: Result): string {
  const nodes = v.nodes
    .slice(0, 8)
    .map(
      (n) =>
        `      - ${n.target.map(String).join(' >> ')}  ${n.html.slice(0, 160)}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n\s*/g, ' / ')}` : ''}`,
    )
    .join('\n');
  const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
  return `  • ${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
}

/** Runs axe over the page as it is now; returns the violations (empty when the state passes). */
export async function axeViolations(page: Page): Promise<Result[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source());
  // A dialog or an alert fading in or out is half transparent: measure colours only while nothing moves.
  // A notification can start its exit transition while axe runs, so a run during which anything started
  // moving is repeated (a few times at most; a page that never stops moving is audited as it is).
  // The wait and the run are one evaluation, and what moves as the run starts counts too: a notice whose
  // fade-in began between a separate wait and the listeners, and ended within the run, was measured half
  // transparent and not repeated (a CI flake, session 9).
  for (let attempt = 1; ; attempt++) {
    const { results, moved } = await page.evaluate(
      async (tags) => {
        await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
        let started = 0;
        const onStart = () => void started++;
        document.addEventListener('transitionstart', onStart, true);
        document.addEventListener('animationstart', onStart, true);
        if (document.getAnimations().some((a) => a.playState === 'running')) started++;
        try {
          const r = await (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations'],
          });
          return { results: r, moved: started > 0 || document.getAnimations().some((a) => a.playState === 'running') };
        } finally {
          document.removeEventListener('transitionstart', onStart, true);
          document.removeEventListener('animationstart', onStart, true);
        }
      },
      [...WCAG_TAGS],
    );
    if (!moved || attempt >= 4) return results.violations;
  }
}

/** Every state checked in one test, with its violations (so one run reports all failing states at once). */
export class AxeAudit {
  private readonly failures: string[] = [];
  readonly checked: string[] = [];

  constructor(private readonly page: Page) {}

  /** Checks the page as it is now, under the name `state`. */
  async check(state: string): Promise<void> {
    const violations = await axeViolations(this.page);
    this.checked.push(state);
    if (violations.length) this.failures.push(`${state}: ${violations.length} violation(s)\n${violations.map(describe).join('\n')}`);
  }

  /** Throws with the readable list when any checked state had a violation. */
  assertClean(): void {
    if (this.failures.length)
      throw new Error(`axe (WCAG 2.2 A/AA) found violations in ${this.failures.length} state(s):\n\n${this.failures.join('\n\n')}`);
  }
}
