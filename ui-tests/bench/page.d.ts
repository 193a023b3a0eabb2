// What the benchmarks keep on the page between two page.evaluate calls.
interface Window {
  jupyterapp: any;
  __bare: any;
  __bench: any;
  __benchState: any;
  __longTasks: any;
  __panelBench: any;
  __stopBench: any;
}
