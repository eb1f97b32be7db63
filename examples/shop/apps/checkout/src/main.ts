import { cartTotal } from '@shop/sdk';
import { banner } from '@shop/ui';

const app = document.querySelector<HTMLDivElement>('#app')!;
app.append(banner('Checkout', `Pay for what is in your cart (${cartTotal([{ sku: 'tea', quantity: 2, unitPrice: 350 }])} cents).`, import.meta.env.TAGDEPLOY_VERSION));

// The lazy chunk is imported on demand (its own content-hashed file under /r/<version>/assets/):
// a tab opened before a deploy must still load its own version's chunk afterwards.
const lazy = document.querySelector<HTMLParagraphElement>('#lazy')!;
document.querySelector<HTMLButtonElement>('#load-lazy')!.addEventListener('click', () => {
  import('./lazy')
    .then(({ describe }) => {
      lazy.textContent = describe('checkout', import.meta.env.TAGDEPLOY_VERSION);
      lazy.dataset.state = 'loaded';
    })
    .catch((err: unknown) => {
      lazy.textContent = 'lazy chunk: failed';
      lazy.dataset.state = 'failed';
      console.error(err);
    });
});
