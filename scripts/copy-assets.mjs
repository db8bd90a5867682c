// Files the build needs beside the compiled JavaScript: tsc compiles .ts only.
import { copyFileSync } from 'node:fs';

copyFileSync('src/images/ocr-thread.cjs', 'dist/images/ocr-thread.cjs');
