// One publish of a release folder as its own process, for kill tests (TAGDEPLOY_CRASH_AT makes it
// SIGKILL itself after the n-th file). Arguments: the store URL ("file:<folder>" or
// "s3://bucket/prefix"), the S3 endpoint ("" for a folder store), the release prefix, the claim,
// then a JSON array of LocalFile. The S3 credentials come from the environment.
import { publishReleaseFiles, type LocalFile } from '../publish-release-files';
import { silentReporter } from '../ports';
import { FileStore } from '../../store/file-store';
import { S3Store } from '../../store/s3-store';

const [url, endpoint, prefix, claim, files] = process.argv.slice(2);
const store = url.startsWith('file:') ? new FileStore(url.slice('file:'.length), url) : new S3Store({ url, endpoint, concurrency: 4 });
publishReleaseFiles({ store, prefix, claim, files: JSON.parse(files) as LocalFile[], reporter: silentReporter, record: { batchFiles: 5 } }).then(
  (result) => {
    console.log(JSON.stringify(result));
    if (store instanceof S3Store) store.destroy();
  },
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
