// Union-find over string keys (path compression): what turns stored similar pairs into groups.
export class DisjointSets {
  private readonly parent = new Map<string, string>();

  add(key: string): void {
    if (!this.parent.has(key)) this.parent.set(key, key);
  }

  find(key: string): string {
    let root = key;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    while (this.parent.get(key) !== root) {
      const next = this.parent.get(key)!;
      this.parent.set(key, root);
      key = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    this.parent.set(this.find(a), this.find(b));
  }
}
