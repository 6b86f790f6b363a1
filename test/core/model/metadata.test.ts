import { expect } from 'chai';
import { heldOutPageIds, metadataProblem, type ModelMetadata } from '../../../src/core/model/metadata';
import { tinyMetadata } from '../../helpers/tiny';

describe('core/model/metadata', () => {
  const page = (id: string) => ({ page: id, lang: 'vi', source: 'seed', prf: { tp: 1, fp: 0, fn: 0, tn: 0, precision: 1, recall: 1, f1: 1, lines: 1 } });
  const overall = { tp: 1, fp: 0, fn: 0, tn: 0, precision: 1, recall: 1, f1: 1, lines: 1 };

  it('holds out the validation pages less those the model was refit on', () => {
    const base = tinyMetadata();
    const md: ModelMetadata = {
      ...base,
      validation: { threshold: 0.5, overall, perLanguage: {}, perSource: {}, perPage: [page('a'), page('b'), page('c')] },
      training: { refitPages: ['b'] } as unknown as ModelMetadata['training'],
    };
    expect([...heldOutPageIds(md)]).to.deep.equal(['a', 'c']);
    expect([...heldOutPageIds({ ...md, training: null })]).to.deep.equal(['a', 'b', 'c']);
    expect(heldOutPageIds(base).size).to.equal(0);
  });

  it('accepts the tiny metadata and refuses another format', () => {
    expect(metadataProblem(tinyMetadata())).to.equal(null);
    expect(metadataProblem({ ...tinyMetadata(), format: 'other' })).to.match(/format/);
    expect(metadataProblem({ ...tinyMetadata(), htmlThreshold: 0.3 })).to.equal(null);
    expect(metadataProblem({ ...tinyMetadata(), htmlThreshold: 1.5 })).to.match(/htmlThreshold/);
    expect(metadataProblem({ ...tinyMetadata(), htmlThreshold: '0.3' } as never)).to.match(/htmlThreshold/);
  });
});
