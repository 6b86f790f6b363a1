'use strict';
// Preloaded into a spawned chaff (node -r rssProbe.js bin/chaff.js …): on exit,
// writes the process's peak resident set size (KB) to $CHAFF_RSS_FILE.
const fs = require('node:fs');
const out = process.env.CHAFF_RSS_FILE;
if (out) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(out, String(process.resourceUsage().maxRSS));
    } catch {
      // the test reports a missing figure
    }
  });
}
