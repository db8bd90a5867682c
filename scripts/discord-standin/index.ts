export * from './bot-process.js';
export * from './permissions.js';
export * from './standin.js';
export * from './validate.js';
export * from './snowflake.js';
