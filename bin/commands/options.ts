// One way for every `flextime <command>` to read its --options: strict (an unknown or malformed option is one clear
// line naming the usage), `-h/--help` prints the usage. Returns undefined when help was printed.
import { type ParseArgsConfig, parseArgs } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

type Values<O extends ParseArgsOptionsConfig> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

export function parseCommandOptions<O extends ParseArgsOptionsConfig>(
  args: string[],
  options: O,
  usage: string,
): Values<O> | undefined {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message} (${usage})`);
  }
  if (values.help) {
    console.log(usage);
    return undefined;
  }
  return values as Values<O>;
}
