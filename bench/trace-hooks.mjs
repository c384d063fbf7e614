// Module loader hooks for BENCH_TRACE runs of child.mjs: report every module URL that is loaded,
// so the benchmark can say how many bytes a first call really loads.
let port;

export async function initialize(data) {
  port = data.port;
}

export async function load(url, context, nextLoad) {
  port.postMessage(url);
  return nextLoad(url, context);
}
