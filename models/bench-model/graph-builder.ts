// Builds transformer graphs of real widths from plain ONNX ops, with random weights, for the benchmark models
// (README "Speed at real model sizes"). The ops are those an optimum export holds before onnxruntime's own
// fusions (decomposed LayerNorm / RMSNorm, Erf GELU, MatMul attention), so the runtime sees the same graph
// patterns, matmul widths and key/value cache sizes as with the real files. dtype q8 writes the weights of
// every MatMul and Gather as int8 in the layout of onnxruntime's dynamic quantisation (the `_quantized` files
// transformers.js loads for q8): DynamicQuantizeLinear + MatMulInteger + Cast + Mul, Gather + DequantizeLinear.
// Weights are described first (name, dims) and only filled with seeded random numbers when the graph is
// written, so a test can check a full-size graph's layout and parameter count without making its weights.
import type { Graph, Node, Tensor, ValueInfo } from '../test-model/onnx-proto.js';
import { DataType, floatTensor, int64Tensor, node } from '../test-model/onnx-proto.js';

export type BenchDtype = 'fp32' | 'q8';
export const BENCH_DTYPES: readonly BenchDtype[] = ['fp32', 'q8'];

interface WeightSpec {
  readonly name: string;
  readonly dims: readonly number[];
  /** Values are uniform in ±range (0: all `fill`). */
  readonly range: number;
  readonly fill: number;
  readonly quantized: boolean;
}

/** A deterministic xorshift32 stream: the same weights for the same seed, fast enough for 10^8 values. */
function randomStream(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function hashName(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return hash >>> 0;
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

const size = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

export class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly weights: WeightSpec[] = [];
  private readonly constants: Tensor[] = [];
  private counter = 0;

  constructor(readonly dtype: BenchDtype) {}

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  /** Adds one node and returns its (first) output's name; `outputs` names extra outputs. */
  op(type: string, inputs: string[], attrs: Record<string, number | number[]> = {}, floats: string[] = []) {
    const output = this.fresh(type.toLowerCase());
    this.nodes.push(node(type, inputs, [output], attrs, floats));
    return output;
  }

  /** Adds a node whose outputs are named by the caller (graph outputs such as `present.0.key`). */
  named(type: string, inputs: string[], outputs: string[], attrs: Record<string, number | number[]> = {}) {
    this.nodes.push(node(type, inputs, outputs, attrs));
    return outputs[0] ?? '';
  }

  int64(values: number[], scalar = false): string {
    const name = this.fresh('const_i64');
    this.constants.push(int64Tensor(name, scalar ? [] : [values.length], values));
    return name;
  }

  float(value: number): string {
    const name = this.fresh('const_f32');
    this.constants.push(floatTensor(name, [], [value]));
    return name;
  }

  /** A float tensor given in full (small tables: rotary angles, the end-token bias). */
  floatValues(name: string, dims: number[], values: Float32Array): string {
    this.constants.push(floatTensor(name, dims, values));
    return name;
  }

  /** A weight kept in float in every dtype (norm scales, biases, position tables). */
  param(name: string, dims: number[], range: number, fill = 0): string {
    this.weights.push({ name, dims, range, fill, quantized: false });
    return name;
  }

  /** y = x·W (+ b), W [inDim, outDim]: the matmuls whose widths make a model's cost. */
  linear(x: string, name: string, inDim: number, outDim: number, bias = true): string {
    const range = Math.sqrt(3 / inDim);
    let y: string;
    if (this.dtype === 'fp32') {
      y = this.op('MatMul', [x, this.param(`${name}.weight`, [inDim, outDim], range)]);
    } else {
      const w = `${name}.weight_quantized`;
      this.weights.push({ name: w, dims: [inDim, outDim], range: 127, fill: 0, quantized: true });
      y = this.integerMatMul(x, w, range / 127);
    }
    return bias ? this.op('Add', [y, this.param(`${name}.bias`, [outDim], 0.02)]) : y;
  }

  /** onnxruntime's dynamic quantisation of one MatMul against an int8 weight of the given scale. */
  integerMatMul(x: string, weightQ: string, weightScale: number): string {
    const quantized = this.fresh('x_quantized');
    const scale = this.fresh('x_scale');
    const zero = this.fresh('x_zero_point');
    this.nodes.push(node('DynamicQuantizeLinear', [x], [quantized, scale, zero]));
    const product = this.op('MatMulInteger', [quantized, weightQ, zero, this.int8Zero()]);
    const asFloat = this.op('Cast', [product], { to: DataType.FLOAT });
    const combinedScale = this.op('Mul', [scale, this.float(weightScale)]);
    return this.op('Mul', [asFloat, combinedScale]);
  }

  private int8Zero(): string {
    const name = this.fresh('w_zero_point');
    this.constants.push({ name, dims: [], data_type: DataType.INT8, raw_data: new Uint8Array(1) });
    return name;
  }

  /** Rows of an embedding table [rows, width] by id; int8 + DequantizeLinear in q8. */
  embedding(ids: string, name: string, rows: number, width: number): string {
    if (this.dtype === 'fp32') {
      return this.op('Gather', [this.param(name, [rows, width], 0.5), ids], { axis: 0 });
    }
    const table = this.quantizedTable(name, rows, width);
    const picked = this.op('Gather', [table, ids], { axis: 0 });
    return this.op('DequantizeLinear', [picked, this.float(0.5 / 127), this.int8Zero()]);
  }

  /** The int8 table of a q8 embedding (shared with a tied output head). */
  quantizedTable(name: string, rows: number, width: number): string {
    const table = `${name}_quantized`;
    if (!this.weights.some((w) => w.name === table))
      this.weights.push({ name: table, dims: [rows, width], range: 127, fill: 0, quantized: true });
    return table;
  }

  layerNorm(x: string, name: string, width: number): string {
    const mean = this.op('ReduceMean', [x], { axes: [-1], keepdims: 1 });
    const centred = this.op('Sub', [x, mean]);
    const variance = this.op('ReduceMean', [this.op('Pow', [centred, this.float(2)])], {
      axes: [-1],
      keepdims: 1,
    });
    const std = this.op('Sqrt', [this.op('Add', [variance, this.float(1e-5)])]);
    const normed = this.op('Div', [centred, std]);
    const scaled = this.op('Mul', [normed, this.param(`${name}.weight`, [width], 0, 1)]);
    return this.op('Add', [scaled, this.param(`${name}.bias`, [width], 0)]);
  }

  rmsNorm(x: string, name: string, width: number): string {
    const meanSquare = this.op('ReduceMean', [this.op('Pow', [x, this.float(2)])], {
      axes: [-1],
      keepdims: 1,
    });
    const rms = this.op('Sqrt', [this.op('Add', [meanSquare, this.float(1e-5)])]);
    return this.op('Mul', [this.op('Div', [x, rms]), this.param(`${name}.weight`, [width], 0, 1)]);
  }

  gelu(x: string): string {
    const erf = this.op('Erf', [this.op('Div', [x, this.float(Math.SQRT2)])]);
    const gate = this.op('Mul', [this.op('Add', [erf, this.float(1)]), this.float(0.5)]);
    return this.op('Mul', [x, gate]);
  }

  silu(x: string): string {
    return this.op('Mul', [x, this.op('Sigmoid', [x])]);
  }

  /** [B, S, heads·headDim] → [B, heads, S, headDim]. */
  splitHeads(x: string, heads: number, headDim: number): string {
    const shaped = this.op('Reshape', [x, this.int64([0, 0, heads, headDim])]);
    return this.op('Transpose', [shaped], { perm: [0, 2, 1, 3] });
  }

  /** [B, heads, S, headDim] → [B, S, heads·headDim]. */
  mergeHeads(x: string, width: number): string {
    const transposed = this.op('Transpose', [x], { perm: [0, 2, 1, 3] });
    return this.op('Reshape', [transposed, this.int64([0, 0, width])]);
  }

  /**
   * softmax(q·kᵀ/√d + mask)·v with q [B, heads, S, d] and k, v [B, kvHeads, T, d]: grouped-query attention
   * folds each group of query heads into the rows of its key/value head, so no key is copied.
   */
  attention(q: string, k: string, v: string, shape: AttentionShape, mask?: string): string {
    const { heads, kvHeads, headDim } = shape;
    const grouped = heads === kvHeads ? q : this.op('Reshape', [q, this.int64([0, kvHeads, -1, headDim])]);
    const keysT = this.op('Transpose', [k], { perm: [0, 1, 3, 2] });
    const scores = this.op('Mul', [this.op('MatMul', [grouped, keysT]), this.float(1 / Math.sqrt(headDim))]);
    const masked = mask ? this.op('Add', [scores, mask]) : scores;
    const context = this.op('MatMul', [this.op('Softmax', [masked], { axis: -1 }), v]);
    return heads === kvHeads ? context : this.op('Reshape', [context, this.int64([0, heads, -1, headDim])]);
  }

  /**
   * A pre-norm encoder block (ViT, SigLIP): self-attention and a GELU MLP, each around a residual; the
   * weights are named as the model's own checkpoint names them.
   */
  encoderBlock(x: string, shape: EncoderBlockShape, names: EncoderBlockNames): string {
    const { width, heads, intermediate } = shape;
    const headDim = width / heads;
    const normed = this.layerNorm(x, names.norm1, width);
    const [q, k, v] = [names.query, names.key, names.value].map((name) =>
      this.splitHeads(this.linear(normed, name, width, width), heads, headDim),
    ) as [string, string, string];
    const context = this.mergeHeads(this.attention(q, k, v, { heads, kvHeads: heads, headDim }), width);
    const attended = this.op('Add', [x, this.linear(context, names.out, width, width)]);
    const up = this.gelu(
      this.linear(this.layerNorm(attended, names.norm2, width), names.fc1, width, intermediate),
    );
    return this.op('Add', [attended, this.linear(up, names.fc2, intermediate, width)]);
  }

  /** The number of weights the graph holds (parameters, as a model card counts them). */
  parameterCount(): number {
    return this.weights.reduce((total, w) => total + size(w.dims), 0);
  }

  /** The graph with its weights filled (seeded by each weight's name: the same file every time). */
  toGraph(name: string, input: ValueInfo[], output: ValueInfo[]): Graph {
    const initializer = [...this.constants, ...this.weights.map(materialise)];
    return { name, node: this.nodes, initializer, input, output };
  }
}

/** A session's graph: its builder (the description: weights, nodes) and the graph with weights made. */
export interface BenchGraph {
  readonly builder: GraphBuilder;
  readonly graph: () => Graph;
}

export interface EncoderBlockShape {
  readonly width: number;
  readonly heads: number;
  readonly intermediate: number;
}

export interface EncoderBlockNames {
  readonly norm1: string;
  readonly query: string;
  readonly key: string;
  readonly value: string;
  readonly out: string;
  readonly norm2: string;
  readonly fc1: string;
  readonly fc2: string;
}

export interface AttentionShape {
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

function materialise(spec: WeightSpec): Tensor {
  const count = size(spec.dims);
  const next = randomStream(hashName(spec.name));
  const dims = [...spec.dims];
  if (spec.quantized) {
    const values = new Int8Array(count);
    for (let i = 0; i < count; i++) values[i] = Math.round((next() * 2 - 1) * spec.range);
    return { name: spec.name, dims, data_type: DataType.INT8, raw_data: bytesOf(values) };
  }
  const values = new Float32Array(count);
  if (spec.range === 0) values.fill(spec.fill);
  else for (let i = 0; i < count; i++) values[i] = spec.fill + (next() * 2 - 1) * spec.range;
  return { name: spec.name, dims, data_type: DataType.FLOAT, raw_data: bytesOf(values) };
}
