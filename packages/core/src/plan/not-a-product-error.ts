// The one refusal of a project that is not a product, shared by the planner and the commands.
import { command } from '../commands/spelling';
import { TagdeployError } from '../errors/tagdeploy-error';

/** `name` is a project of the workspace without a tagdeploy.json; `products` lists those with one. */
export function notAProductError(name: string, products: readonly string[]): TagdeployError {
  const list = products.length ? [...products].sort().join(', ') : '(none yet)';
  return new TagdeployError(
    'NOT_A_PRODUCT',
    `${name} is not a product: it has no tagdeploy.json. Products: ${list}. Add a tagdeploy.json to make it one (${command('add-product', name)}).`,
  );
}
