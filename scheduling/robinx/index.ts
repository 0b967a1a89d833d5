// RobinX XML: instance and solution reader, solution writer, best-known table parsing.
export { lookupBestKnown, parseBestKnown } from './best-known.ts';
export { itc2021Problem } from './itc2021.ts';
export { parseRobinxInstance, parseRobinxSolution, RobinxError, SUPPORTED_CONSTRAINT_TYPES } from './reader.ts';
export type * from './types.ts';
export { writeRobinxSolution } from './writer.ts';
