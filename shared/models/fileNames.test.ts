import { describe, expect, it } from 'vitest';
import { errorReportName, pickedName, withPickedName } from './fileNames';

const upload = '/tmp/segment-studio-files-mQl05u/104db67e-52c4-47d9-970a-445a53f0c1d4-refused.csv';

describe('file names in the marketer’s words', () => {
  it('names an upload and a desktop file by the name picked', () => {
    expect(pickedName(upload)).toBe('refused.csv');
    expect(pickedName('C:\\Users\\me\\Downloads\\contacts.csv')).toBe('contacts.csv');
    expect(pickedName('contacts.csv')).toBe('contacts.csv');
  });

  it('replaces the stored path in a refusal, and leaves other messages alone', () => {
    expect(withPickedName(`${upload}: row 8002, column "fullname" holds bytes that are not UTF-8 text`, upload)).toBe(
      'refused.csv: row 8002, column "fullname" holds bytes that are not UTF-8 text',
    );
    expect(withPickedName('the key column "contactid" is not in the header', upload)).toBe(
      'the key column "contactid" is not in the header',
    );
    expect(withPickedName('anything', '')).toBe('anything');
  });

  it('names an error report after the file picked, never after the import', () => {
    expect(errorReportName(upload)).toBe('refused-errors.csv');
    expect(errorReportName('/home/ann/exports/contacts.2026.xlsx')).toBe('contacts.2026-errors.csv');
    expect(errorReportName('/x/.csv')).toBe('import-errors.csv');
  });
});
