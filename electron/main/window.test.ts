import { describe, expect, it } from 'vitest';
import { secureWindowOptions } from './window.js';

describe('secureWindowOptions', () => {
  it('isolates and sandboxes the renderer', () => {
    const web = secureWindowOptions('/x/preload.js').webPreferences;
    expect(web).toMatchObject({
      preload: '/x/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('turns on nothing the Electronegativity review flags (docs/security.md)', () => {
    const web = secureWindowOptions('/x/preload.js').webPreferences ?? {};
    for (const key of [
      'experimentalFeatures',
      'enableBlinkFeatures',
      'additionalArguments',
      'enableRemoteModule',
      'affinity',
      'allowpopups',
    ]) {
      expect(web).not.toHaveProperty(key);
    }
  });
});
