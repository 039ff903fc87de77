import * as fs from 'fs';
import * as path from 'path';
import { generateApiMarkdown } from '../../scripts/generate-api-md';

test('API.md is generated from the current code (run `npx projen docgen` when this fails)', () => {
  const committed = fs.readFileSync(path.join(__dirname, '../../API.md'), 'utf8');
  const fresh = generateApiMarkdown();
  expect(fresh).toContain('### fitProfiles()');
  expect(committed).toBe(fresh);
});
