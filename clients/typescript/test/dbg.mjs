import { startStack } from './support/stack.mjs';
import { startProxy } from './support/proxy.mjs';
import { clientFor, eventPublisher, paymentCompleted, matchFound, SHARED_STACK_ENV } from './support/clients.mjs';
const stack = await startStack(SHARED_STACK_ENV);
try {
  const events = await eventPublisher(stack);
  const proxy = await startProxy(stack.port);
  const c = clientFor(stack, 'passenger', 'p-dbg', { url: proxy.url });
  c.on('frame', (f, d) => { if (f.type !== 'payment.completed' && f.type !== 'connection.established') console.log(Date.now() % 100000, d, JSON.stringify(f).slice(0, 200)); });
  c.on('state', (s) => console.log(Date.now() % 100000, 'state', s));
  c.on('error', (e) => console.log('error', e));
  let handled = 0;
  c.on('payment.completed', () => { handled++; });
  await c.connect();
  const t0=Date.now(); for (let i = 0; i < 300; i++) await events.publish('payment.completed', paymentCompleted('p-dbg', i));
  console.log('published', Date.now()-t0);
  for (let k = 0; k < (process.env.CUTS ? 40 : 0) && handled < 300; k++) { await new Promise(r => setTimeout(r, 100 + Math.random()*400)); console.log(Date.now() % 100000, 'cut', proxy.cutAll(), 'handled', handled); }
  const t1=Date.now(); while (handled < 300 && Date.now()-t1 < 60000) await new Promise(r => setTimeout(r, 100)); console.log('done after', Date.now()-t0);
  console.log('handled', handled, c.cursor);
  c.close(); await events.close(); await proxy.close();
} finally { await stack.stop(); }
