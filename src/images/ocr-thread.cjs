'use strict';
// The OCR worker thread: lowers its own scheduling priority, then runs tesseract.js's worker script.
// On a machine with few cores, the bot's main thread then wins the CPU whenever both want it, so
// reading a screenshot does not delay answers. Linux sets a thread's nice value through its task ID.
try {
  const os = require('node:os');
  const taskId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (taskId) os.setPriority(taskId, Math.min(19, os.getPriority(taskId) + 10));
} catch {
  // Not Linux, or not allowed: the worker runs at normal priority.
}
require('tesseract.js/src/worker-script/node/index.js');
