// Once before every test file: the tests that run bin/archcost.js as a subprocess need a current
// dist/. A clean clone has none (the build runs at prepack, not on npm ci); locally it is rebuilt
// only when a source is newer.
import { build, isStale } from '../scripts/build.mjs';

export default function globalSetup() {
  if (isStale()) build();
}
