// One deploy / promote / rollback through the real flow on a folder store, as its own process, for
// kill tests (TAGDEPLOY_CRASH_AT makes it SIGKILL itself at a crash point). Arguments: the store
// folder, then a JSON DeploymentRequest. Prints the result text; a refusal exits 1.
import { systemClock, silentReporter } from '../../release/ports';
import { LocalRouter } from '../../router/local-router';
import { FileStore } from '../../store/file-store';
import { runEnvChange } from '../run-env-change';
import { StoreEnvBackend } from '../store-env-backend';
import { environmentSchema } from '../environments-schema';

const [root, request] = process.argv.slice(2);
// The shop's envs (as env-builders has them; that module needs the test runner).
const environments = { staging: environmentSchema.parse({}), production: environmentSchema.parse({ promoteFrom: 'staging', approval: 'required' }) };
const store = new FileStore(root, 'file:.tagdeploy/store');
const backend = new StoreEnvBackend({ store, router: () => new LocalRouter(store), reporter: silentReporter, clock: systemClock });
runEnvChange(backend, {
  scope: { product: 'checkout', productEnvs: undefined, environments },
  request: JSON.parse(request),
  deployedBy: 'alice',
  approval: {},
}).then(
  ({ text }) => console.log(text),
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
