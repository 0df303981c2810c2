// The slice of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) that the tiny test
// captioner needs, with ONNX's own field numbers, plus helpers that build plain objects in its shape.
import protobuf from 'protobufjs';

const SCHEMA = `
syntax = "proto3";
package onnx;
message AttributeProto {
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  repeated int64 ints = 8;
  int32 type = 20;
}
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string domain = 7;
}
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  string name = 8;
  bytes raw_data = 9;
}
message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
`;

/** TensorProto.DataType values. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT64: 7, BOOL: 9 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

// AttributeProto.AttributeType values.
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

export const OPSET = 14;
export const IR_VERSION = 8;

export interface Attribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  ints?: number[];
}
export interface Node {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  attribute: Attribute[];
}
export interface Tensor {
  name: string;
  dims: number[];
  data_type: DataTypeCode;
  raw_data: Uint8Array;
}
type Dimension = { dim_value: number } | { dim_param: string };
export interface ValueInfo {
  name: string;
  type: { tensor_type: { elem_type: DataTypeCode; shape: { dim: Dimension[] } } };
}
export interface Graph {
  name: string;
  node: Node[];
  initializer: Tensor[];
  input: ValueInfo[];
  output: ValueInfo[];
}

const modelType = protobuf.parse(SCHEMA, { keepCase: true }).root.lookupType('onnx.ModelProto');

/** Serialises a graph into ModelProto bytes (the contents of a .onnx file). */
export function encodeModel(graph: Graph): Uint8Array {
  const model = {
    ir_version: IR_VERSION,
    producer_name: 'altlens-test-model',
    producer_version: '1',
    opset_import: [{ domain: '', version: OPSET }],
    graph,
  };
  const problem = modelType.verify(model);
  if (problem) throw new Error(`Invalid ONNX model: ${problem}`);
  return modelType.encode(model).finish();
}

export type AttrValue = number | number[] | string;
/** A number becomes an INT attribute unless `floats` names it (ONNX distinguishes the two). */
export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue> = {},
  floats: string[] = [],
): Node {
  const attribute = Object.entries(attrs).map(([name, value]): Attribute => {
    if (typeof value === 'string') return { name, type: ATTR_STRING, s: new TextEncoder().encode(value) };
    if (Array.isArray(value)) return { name, type: ATTR_INTS, ints: value };
    return floats.includes(name) ? { name, type: ATTR_FLOAT, f: value } : { name, type: ATTR_INT, i: value };
  });
  return { input: inputs, output: outputs, name: `${outputs[0] ?? opType}_node`, op_type: opType, attribute };
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Tensor {
  checkSize(name, dims, values.length);
  return { name, dims, data_type: DataType.FLOAT, raw_data: bytesOf(Float32Array.from(values)) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): Tensor {
  checkSize(name, dims, values.length);
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return { name, dims, data_type: DataType.INT64, raw_data: bytesOf(data) };
}

export function int8Tensor(name: string, dims: number[], values: ArrayLike<number>): Tensor {
  checkSize(name, dims, values.length);
  return { name, dims, data_type: DataType.INT8, raw_data: bytesOf(Int8Array.from(values)) };
}

function checkSize(name: string, dims: number[], length: number): void {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length)
    throw new Error(`Tensor ${name}: dims [${dims.join(', ')}] need ${size} values, got ${length}`);
}

/** A graph input or output; a string dimension is symbolic (dim_param), a number is fixed. */
export function valueInfo(name: string, elemType: DataTypeCode, dims: (number | string)[]): ValueInfo {
  const dim = dims.map((d): Dimension => (typeof d === 'string' ? { dim_param: d } : { dim_value: d }));
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}
