// Puts the browser libraries the pages load into <out>/vendor: JsSIP ships only CommonJS, so it is
// bundled into one script (global JsSIP); the others ship browser builds that are copied as they are.
// Also writes the page's sounds (the softphone's ring, the new-chat chime) into <out>/sounds.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chime, ringtone } from './ringtone.mjs';

const web = process.argv[2] ?? 'target';
const out = join(web, 'vendor');
mkdirSync(out, { recursive: true });
mkdirSync(join(web, 'sounds'), { recursive: true });
writeFileSync(join(web, 'sounds', 'ring.wav'), ringtone());
writeFileSync(join(web, 'sounds', 'chat.wav'), chime());

await build({
  entryPoints: ['node_modules/jssip/lib/JsSIP.js'],
  bundle: true,
  format: 'iife',
  globalName: 'JsSIP',
  minify: true,
  platform: 'browser',
  legalComments: 'inline',
  outfile: join(out, 'jssip.min.js'),
});

const copies = {
  // ELK's API in the page, its layout engine in a Web Worker: a large flow's layout never holds up the page.
  'node_modules/elkjs/lib/elk-api.js': 'elk-api.js',
  'node_modules/elkjs/lib/elk-worker.min.js': 'elk-worker.min.js',
  'node_modules/uplot/dist/uPlot.iife.min.js': 'uPlot.iife.min.js',
  'node_modules/uplot/dist/uPlot.min.css': 'uPlot.min.css',
};
for (const [from, to] of Object.entries(copies)) {
  copyFileSync(from, join(out, to));
}
