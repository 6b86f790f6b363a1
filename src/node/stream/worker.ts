/**
 * A worker thread of `chaff clean --jsonl`: loads the backend and the model
 * once, then cleans batches of records the main thread sends, and sends back
 * each batch's output lines (one string) with its counts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendChoice } from '../backend';
import { DEFAULT_MODEL_DIR, loadModelDir } from '../modelDir';
import { Classifier } from '../../core/classifier';
import { ModelFileError } from '../../core/model/artifacts';
import { cleanBatch, parseRecord } from './records';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';

async function start(): Promise<void> {
  const port = parentPort!;
  const config = workerData as WorkerConfig;
  const post = (m: FromWorker) => port.postMessage(m);
  let classifier: Classifier;
  try {
    const backend = await initBackend(config.backend as BackendChoice);
    classifier = new Classifier(await loadModelDir(config.modelDir ?? DEFAULT_MODEL_DIR));
    post({ type: 'ready', backend, model: classifier.model.metadata.name, threshold: classifier.threshold, htmlThreshold: classifier.model.thresholdFor('html') });
  } catch (e) {
    const message = e instanceof ModelFileError ? `model: ${e.message}` : String((e as Error)?.message ?? e).split('\n')[0]!;
    post({ type: 'fatal', message });
    return;
  }
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      classifier.dispose();
      port.close();
      return;
    }
    const { bytes, ends, seqs, sizes } = m;
    const records = [];
    let start = 0;
    for (let i = 0; i < seqs.length; i++) {
      const end = ends[i]!;
      records.push(parseRecord(seqs[i]!, sizes[i]! < 0 ? null : bytes.subarray(start, end), Math.abs(sizes[i]!), config.maxRecordBytes));
      start = end;
    }
    const { out, stats } = cleanBatch(classifier, records, config.threshold);
    post({ type: 'done', batch: m.batch, out, stats });
  });
}

void start();
