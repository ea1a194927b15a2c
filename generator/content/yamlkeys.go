package content

import "gopkg.in/yaml.v3"

// MaxYAMLKeys bounds the keys of one mapping in the YAML of a front matter
// or a sidebar. yaml.v3 checks a mapping for duplicate keys when it
// decodes it, in time growing with the square of their number (a front
// matter of 100,000 keys took minutes); reading the text into a yaml.Node
// does not, so the YAML is read, measured with LargeMapping, and only then
// decoded. No real front matter or sidebar comes near the bound.
const MaxYAMLKeys = 256

// LargeMapping returns the first mapping below n, in document order, with
// more than MaxYAMLKeys keys, or nil.
func LargeMapping(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.MappingNode && len(n.Content)/2 > MaxYAMLKeys {
		return n
	}
	for _, c := range n.Content {
		if m := LargeMapping(c); m != nil {
			return m
		}
	}
	return nil
}

// FirstAlias is the first alias (*name) in the tree of n, or nil. A
// document read as yaml.Nodes keeps its aliases, and whoever walks it
// meets the node an alias names each time: ten levels of ten aliases are
// ten billion entries in a file of a few hundred bytes.
func FirstAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := FirstAlias(c); a != nil {
			return a
		}
	}
	return nil
}
