/** `input 28x28x256`, `input image 224x224x3`, `inputs image 224x224x3 and mask 224x224x1`. */
export function inputList(inputs: { name: string; shape: string }[], one: string, many: string, and: string): string {
  if (inputs.length === 1) return `${one} ${inputs[0].name === 'input' ? '' : `${inputs[0].name} `}${inputs[0].shape}`;
  const each = inputs.map((i) => `${i.name} ${i.shape}`);
  return `${many} ${each.slice(0, -1).join(', ')}${and}${each[each.length - 1]}`;
}

/** Copies of a repeated item: `layer1.1, layer1.2` or, past three, `layer3.1 … layer3.5 (5)`. */
export function copyList(copies: string[]): string {
  return copies.length <= 3 ? copies.join(', ') : `${copies[0]} … ${copies[copies.length - 1]} (${copies.length})`;
}
