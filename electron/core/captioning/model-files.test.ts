import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/sample-images.js';
import { pickDtypes } from './model-files.js';

function folderWith(...files: string[]): string {
  const dir = tempDir('dtype-folder');
  mkdirSync(join(dir, 'onnx'));
  for (const file of files) writeFileSync(join(dir, 'onnx', file), '');
  return dir;
}

describe('pickDtypes', () => {
  const sessions = ['vision_encoder', 'embed_tokens', 'decoder_model_merged'];

  it('takes plain fp32 files when the folder holds nothing else', () => {
    const dir = folderWith('vision_encoder.onnx', 'embed_tokens.onnx', 'decoder_model_merged.onnx');
    expect(pickDtypes(dir, sessions, 'cpu', null)).toEqual({
      vision_encoder: 'fp32',
      embed_tokens: 'fp32',
      decoder_model_merged: 'fp32',
    });
  });

  it('picks per session what the folder holds, 8-bit first on the CPU and fp16 first on a GPU', () => {
    const dir = folderWith(
      'vision_encoder_int8.onnx',
      'vision_encoder_q4f16.onnx',
      'embed_tokens.onnx',
      'decoder_model_merged_int8.onnx',
      'decoder_model_merged_q4f16.onnx',
    );
    expect(pickDtypes(dir, sessions, 'cpu', null)).toEqual({
      vision_encoder: 'int8',
      embed_tokens: 'fp32',
      decoder_model_merged: 'int8',
    });
    expect(pickDtypes(dir, sessions, 'cuda', null)).toEqual({
      vision_encoder: 'q4f16',
      embed_tokens: 'fp32',
      decoder_model_merged: 'q4f16',
    });
  });

  it('uses the dtype asked for where its file is there, and the best other one where it is not', () => {
    const dir = folderWith('encoder_model_fp16.onnx', 'encoder_model.onnx', 'decoder_model_merged.onnx');
    expect(pickDtypes(dir, ['encoder_model', 'decoder_model_merged'], 'cpu', 'fp16')).toEqual({
      encoder_model: 'fp16',
      decoder_model_merged: 'fp32',
    });
  });
});
