/**
 * Root hooks for the whole mocha run (loaded by .mocharc.json): temporary
 * folders made by the tests are removed once every test has run, so a run
 * leaves nothing behind in the system's temporary directory.
 */
import { removeTmpDirs } from './cli';

export const mochaHooks = {
  afterAll(): void {
    removeTmpDirs();
  },
};
