import { banner } from '@shop/ui';

const app = document.querySelector<HTMLDivElement>('#app')!;
app.append(banner('Checkout', 'Pay for what is in your cart.', import.meta.env.TAGDEPLOY_VERSION));

// Loaded lazily (its own chunk); browser tests check that it arrives.
import('./lazy')
  .then(({ describe }) => {
    const el = document.querySelector<HTMLParagraphElement>('#lazy')!;
    el.textContent = describe('checkout');
    el.dataset.state = 'loaded';
  })
  .catch((err: unknown) => {
    const el = document.querySelector<HTMLParagraphElement>('#lazy')!;
    el.textContent = 'lazy chunk: failed';
    el.dataset.state = 'failed';
    console.error(err);
  });
