import { createHash, createHmac, Hash, Hmac } from 'node:crypto';

/** SHA-256 and HMAC-SHA256 from node:crypto in the shape the signer takes (what @smithy/hash-node does). */
export class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = NodeSha256.create(secret);
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = NodeSha256.create(this.secret);
  }

  private static create(secret?: string | ArrayBuffer | ArrayBufferView): Hash | Hmac {
    return secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
