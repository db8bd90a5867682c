// Files the build needs beside the compiled JavaScript: tsc compiles .ts only.
import { copyFileSync } from 'node:fs';

for (const file of ['ocr-thread.cjs', 'upscale-process.cjs']) copyFileSync(`src/images/${file}`, `dist/images/${file}`);
