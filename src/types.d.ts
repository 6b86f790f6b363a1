// natural ships one index.d.ts; its per-tokenizer files are plain CommonJS.
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer_*' {
  class AggressiveTokenizer { tokenize(text: string): string[] }
  export = AggressiveTokenizer;
}
