/** Finds an element by id; throws naming it when the page lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(root: Document, id: string): T {
  const element = root.getElementById(id);
  if (element === null) throw new Error(`viewer: the page has no #${id}`);
  return element as T;
}

/** Every element the viewer's code touches, looked up once when the app starts (not at import). */
export function findElements(root: Document = document) {
  const $ = <T extends HTMLElement = HTMLElement>(id: string) => byId<T>(root, id);
  return {
    backendName: $('backend-name'),
    backendDetail: $('backend-detail'),
    backendChoice: $<HTMLSelectElement>('backend-choice'),
    threads: $('threads'),
    messages: $('messages'),
    modelStatus: $('model-status'),
    modelUrlForm: $<HTMLFormElement>('model-url-form'),
    modelUrl: $<HTMLInputElement>('model-url'),
    modelFiles: $<HTMLInputElement>('model-files'),
    runStatus: $('run-status'),
    newestModel: $<HTMLButtonElement>('newest-model'),
    datasetStatus: $('dataset-status'),
    datasetFiles: $<HTMLInputElement>('dataset-files'),
    datasetMnist: $<HTMLButtonElement>('dataset-mnist'),
    classNames: $<HTMLSelectElement>('class-names'),
    limit: $<HTMLInputElement>('limit'),
    evaluate: $<HTMLButtonElement>('evaluate'),
    cancel: $<HTMLButtonElement>('cancel'),
    progress: $<HTMLProgressElement>('progress'),
    progressText: $('progress-text'),
    resultsEmpty: $('results-empty'),
    results: $('results'),
    accuracy: $('accuracy'),
    accuracyDetail: $('accuracy-detail'),
    perClassChart: $('per-class-chart'),
    confusionChart: $('confusion-chart'),
    cellView: $('cell-view'),
    cellForm: $<HTMLFormElement>('cell-form'),
    cellTrue: $<HTMLSelectElement>('cell-true'),
    cellPredicted: $<HTMLSelectElement>('cell-predicted'),
    cellTitle: $('cell-title'),
    cellImages: $('cell-images'),
    misclassified: $('misclassified'),
    drawCanvas: $<HTMLCanvasElement>('draw-canvas'),
    drawClear: $<HTMLButtonElement>('draw-clear'),
    drawPreview: $<HTMLCanvasElement>('draw-preview'),
    drawPrediction: $('draw-prediction'),
    probabilities: $<HTMLTableElement>('probabilities'),
    modelSummary: $('model-summary'),
    layerTable: $<HTMLTableElement>('layer-table'),
    paramCount: $('param-count'),
    curves: $('curves'),
    curvesEmpty: $('curves-empty'),
    trainForm: $<HTMLFormElement>('train-form'),
    trainModel: $<HTMLSelectElement>('train-model'),
    trainData: $<HTMLSelectElement>('train-data'),
    trainFiles: $<HTMLInputElement>('train-files'),
    trainEpochs: $<HTMLInputElement>('train-epochs'),
    trainBatch: $<HTMLInputElement>('train-batch'),
    trainLr: $<HTMLInputElement>('train-lr'),
    trainSeed: $<HTMLInputElement>('train-seed'),
    trainLimit: $<HTMLInputElement>('train-limit'),
    trainTestLimit: $<HTMLInputElement>('train-test-limit'),
    trainStart: $<HTMLButtonElement>('train-start'),
    trainPause: $<HTMLButtonElement>('train-pause'),
    trainStop: $<HTMLButtonElement>('train-stop'),
    trainProgress: $<HTMLProgressElement>('train-progress'),
    trainStatus: $('train-status'),
    trainCurves: $('train-curves'),
    trainResult: $('train-result'),
    trainDownload: $<HTMLButtonElement>('train-download'),
    trainDownloadPth: $<HTMLButtonElement>('train-download-pth'),
    trainUse: $<HTMLButtonElement>('train-use'),
  };
}

/** The viewer's elements by role. */
export type Ui = ReturnType<typeof findElements>;
