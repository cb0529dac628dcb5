/**
 * One HiGHS (LP/MIP, WebAssembly) runtime per process: loading compiles the Wasm module, which
 * is worth doing once. Solves are synchronous once it has loaded.
 */
import highsLoader, { type Highs } from 'highs';

let loading: Promise<Highs> | undefined;

export function loadHighs(): Promise<Highs> {
	loading ??= highsLoader();
	return loading;
}
