// A consumer process for the crash test: handles events of a group slowly, recording each id in a Redis set, until
// the test kills it (SIGKILL) mid-stream. argv: redisUrl prefix group consumer recordKey
import { Redis } from 'ioredis';
import { RedisEventBus } from '../../subgraphs/kit/events/index.ts';

const [url, prefix, group, consumer, recordKey] = process.argv.slice(2);
const record = new Redis(url);
const bus = new RedisEventBus({ url, prefix });
await bus.subscribe({
  group,
  consumer,
  claimIdleMs: 60_000,
  handler: async (event) => {
    await record.sadd(recordKey, event.id);
    await record.incr(`${recordKey}:handled`);
    await new Promise((r) => setTimeout(r, 60));
  },
});
process.send?.('ready');
