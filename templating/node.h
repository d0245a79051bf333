// The parse tree of Go's text/template/parse (node.go): typed nodes whose String() is
// exactly Go's, because execution errors quote it ("executing "t" at <.a.b>: ...").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace templating {

enum class NodeType {
  kText,
  kAction,
  kBool,
  kChain,
  kCommand,
  kDot,
  kElse,  // parser-internal
  kEnd,   // parser-internal
  kField,
  kIdentifier,
  kIf,
  kList,
  kNil,
  kNumber,
  kPipe,
  kRange,
  kString,
  kTemplate,
  kVariable,
  kWith,
  kComment,
  kBreak,
  kContinue,
};

// What every node of one parse shares: the name errors report and the source text, from
// which an error's line and column are computed.
struct TreeSource {
  std::string parse_name;
  std::string text;
};

struct Node {
  Node(NodeType t, int p, const TreeSource* s) : type(t), pos(p), src(s) {}
  virtual ~Node() = default;
  virtual void WriteTo(std::string* out) const = 0;
  std::string String() const {
    std::string s;
    WriteTo(&s);
    return s;
  }

  const NodeType type;
  const int pos;  // byte offset in src->text
  const TreeSource* src;
};

using NodePtr = std::unique_ptr<Node>;

struct ListNode final : Node {
  ListNode(int p, const TreeSource* s) : Node(NodeType::kList, p, s) {}
  void WriteTo(std::string* out) const override;
  std::vector<NodePtr> nodes;
};

struct TextNode final : Node {
  TextNode(int p, const TreeSource* s, std::string t)
      : Node(NodeType::kText, p, s), text(std::move(t)) {}
  void WriteTo(std::string* out) const override;
  std::string text;
};

struct CommentNode final : Node {
  CommentNode(int p, const TreeSource* s, std::string t)
      : Node(NodeType::kComment, p, s), text(std::move(t)) {}
  void WriteTo(std::string* out) const override;
  std::string text;
};

struct VariableNode final : Node {
  VariableNode(int p, const TreeSource* s, std::vector<std::string> id)
      : Node(NodeType::kVariable, p, s), ident(std::move(id)) {}
  void WriteTo(std::string* out) const override;
  std::vector<std::string> ident;  // variable name, then fields
};

struct CommandNode final : Node {
  CommandNode(int p, const TreeSource* s) : Node(NodeType::kCommand, p, s) {}
  void WriteTo(std::string* out) const override;
  std::vector<NodePtr> args;  // identifier, field, constant, pipe, ...
};

struct PipeNode final : Node {
  PipeNode(int p, const TreeSource* s, int l) : Node(NodeType::kPipe, p, s), line(l) {}
  void WriteTo(std::string* out) const override;
  int line;
  bool is_assign = false;  // '=' rather than ':='
  std::vector<std::unique_ptr<VariableNode>> decl;
  std::vector<std::unique_ptr<CommandNode>> cmds;
};

struct ActionNode final : Node {
  ActionNode(int p, const TreeSource* s, int l, std::unique_ptr<PipeNode> pp)
      : Node(NodeType::kAction, p, s), line(l), pipe(std::move(pp)) {}
  void WriteTo(std::string* out) const override;
  int line;
  std::unique_ptr<PipeNode> pipe;
};

struct IdentifierNode final : Node {
  IdentifierNode(int p, const TreeSource* s, std::string id)
      : Node(NodeType::kIdentifier, p, s), ident(std::move(id)) {}
  void WriteTo(std::string* out) const override { out->append(ident); }
  std::string ident;
};

struct DotNode final : Node {
  DotNode(int p, const TreeSource* s) : Node(NodeType::kDot, p, s) {}
  void WriteTo(std::string* out) const override { out->push_back('.'); }
};

struct NilNode final : Node {
  NilNode(int p, const TreeSource* s) : Node(NodeType::kNil, p, s) {}
  void WriteTo(std::string* out) const override { out->append("nil"); }
};

struct FieldNode final : Node {
  FieldNode(int p, const TreeSource* s, std::vector<std::string> id)
      : Node(NodeType::kField, p, s), ident(std::move(id)) {}
  void WriteTo(std::string* out) const override;
  std::vector<std::string> ident;
};

struct ChainNode final : Node {
  ChainNode(int p, const TreeSource* s, NodePtr n)
      : Node(NodeType::kChain, p, s), node(std::move(n)) {}
  void WriteTo(std::string* out) const override;
  NodePtr node;
  std::vector<std::string> field;
};

struct BoolNode final : Node {
  BoolNode(int p, const TreeSource* s, bool v) : Node(NodeType::kBool, p, s), value(v) {}
  void WriteTo(std::string* out) const override { out->append(value ? "true" : "false"); }
  bool value;
};

struct NumberNode final : Node {
  NumberNode(int p, const TreeSource* s, std::string t)
      : Node(NodeType::kNumber, p, s), text(std::move(t)) {}
  void WriteTo(std::string* out) const override { out->append(text); }
  bool is_int = false, is_uint = false, is_float = false, is_complex = false;
  int64_t int64 = 0;
  uint64_t uint64 = 0;
  double float64 = 0;
  double real = 0, imag = 0;
  std::string text;
};

struct StringNode final : Node {
  StringNode(int p, const TreeSource* s, std::string q, std::string t)
      : Node(NodeType::kString, p, s), quoted(std::move(q)), text(std::move(t)) {}
  void WriteTo(std::string* out) const override { out->append(quoted); }
  std::string quoted;
  std::string text;
};

struct EndNode final : Node {
  EndNode(int p, const TreeSource* s) : Node(NodeType::kEnd, p, s) {}
  void WriteTo(std::string* out) const override { out->append("{{end}}"); }
};

struct ElseNode final : Node {
  ElseNode(int p, const TreeSource* s, int l) : Node(NodeType::kElse, p, s), line(l) {}
  void WriteTo(std::string* out) const override { out->append("{{else}}"); }
  int line;
};

// if, range and with.
struct BranchNode final : Node {
  BranchNode(NodeType t, int p, const TreeSource* s, int l) : Node(t, p, s), line(l) {}
  void WriteTo(std::string* out) const override;
  int line;
  std::unique_ptr<PipeNode> pipe;
  std::unique_ptr<ListNode> list;
  std::unique_ptr<ListNode> else_list;  // null when absent
};

struct BreakNode final : Node {
  BreakNode(int p, const TreeSource* s, int l) : Node(NodeType::kBreak, p, s), line(l) {}
  void WriteTo(std::string* out) const override { out->append("{{break}}"); }
  int line;
};

struct ContinueNode final : Node {
  ContinueNode(int p, const TreeSource* s, int l) : Node(NodeType::kContinue, p, s), line(l) {}
  void WriteTo(std::string* out) const override { out->append("{{continue}}"); }
  int line;
};

struct TemplateNode final : Node {
  TemplateNode(int p, const TreeSource* s, int l, std::string n, std::unique_ptr<PipeNode> pp)
      : Node(NodeType::kTemplate, p, s), line(l), name(std::move(n)), pipe(std::move(pp)) {}
  void WriteTo(std::string* out) const override;
  int line;
  std::string name;
  std::unique_ptr<PipeNode> pipe;  // null: dot is nil
};

// One named template: Go's parse.Tree after parsing.
struct Tree {
  std::string name;
  std::shared_ptr<const TreeSource> src;
  std::unique_ptr<ListNode> root;
};

// Go's parse.IsEmptyTree: only whitespace text and comments.
bool IsEmptyTree(const Node* n);

}  // namespace templating
