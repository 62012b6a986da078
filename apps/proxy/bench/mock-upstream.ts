// The benchmark's upstream: the test kit's OpenAI mock in auto mode (echo reply with usage), served on loopback
// in its own process so it does not compete with the proxy for an event loop.
import { createOpenAIMockUpstream } from '@tokenwise/testkit';

const served = await createOpenAIMockUpstream().listen();
process.send?.({ port: Number(new URL(served.url).port) });
