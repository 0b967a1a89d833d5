// `flextime solve <instance.xml> …`: the RobinX solver CLI (bin/solve.ts) as a flextime command.
export { run } from '../solve.ts';
