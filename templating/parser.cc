#include "templating/parser.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "gocompat/strconv.h"
#include "gocompat/unicode.h"
#include "gocompat/utf8.h"
#include "templating/fmt.h"
#include "templating/lexer.h"

namespace templating {

// ---- node printing (node.go's writeTo) ----

void ListNode::WriteTo(std::string* out) const {
  for (const auto& n : nodes) n->WriteTo(out);
}

void TextNode::WriteTo(std::string* out) const {
  // Go's textFormat is "%s" (its own tests switch it to "%q").
  out->append(text);
}

void CommentNode::WriteTo(std::string* out) const {
  out->append("{{");
  out->append(text);
  out->append("}}");
}

void VariableNode::WriteTo(std::string* out) const {
  for (size_t i = 0; i < ident.size(); ++i) {
    if (i > 0) out->push_back('.');
    out->append(ident[i]);
  }
}

void CommandNode::WriteTo(std::string* out) const {
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out->push_back(' ');
    if (args[i]->type == NodeType::kPipe) {
      out->push_back('(');
      args[i]->WriteTo(out);
      out->push_back(')');
      continue;
    }
    args[i]->WriteTo(out);
  }
}

void PipeNode::WriteTo(std::string* out) const {
  if (!decl.empty()) {
    for (size_t i = 0; i < decl.size(); ++i) {
      if (i > 0) out->append(", ");
      decl[i]->WriteTo(out);
    }
    out->append(" := ");
  }
  for (size_t i = 0; i < cmds.size(); ++i) {
    if (i > 0) out->append(" | ");
    cmds[i]->WriteTo(out);
  }
}

void ActionNode::WriteTo(std::string* out) const {
  out->append("{{");
  pipe->WriteTo(out);
  out->append("}}");
}

void FieldNode::WriteTo(std::string* out) const {
  for (const auto& id : ident) {
    out->push_back('.');
    out->append(id);
  }
}

void ChainNode::WriteTo(std::string* out) const {
  if (node->type == NodeType::kPipe) {
    out->push_back('(');
    node->WriteTo(out);
    out->push_back(')');
  } else {
    node->WriteTo(out);
  }
  for (const auto& f : field) {
    out->push_back('.');
    out->append(f);
  }
}

void BranchNode::WriteTo(std::string* out) const {
  const char* name = type == NodeType::kIf ? "if" : type == NodeType::kRange ? "range" : "with";
  out->append("{{");
  out->append(name);
  out->push_back(' ');
  pipe->WriteTo(out);
  out->append("}}");
  list->WriteTo(out);
  if (else_list) {
    out->append("{{else}}");
    else_list->WriteTo(out);
  }
  out->append("{{end}}");
}

void TemplateNode::WriteTo(std::string* out) const {
  out->append("{{template ");
  out->append(gocompat::Quote(name));
  if (pipe) {
    out->push_back(' ');
    pipe->WriteTo(out);
  }
  out->append("}}");
}

bool IsEmptyTree(const Node* n) {
  if (n == nullptr) return true;
  switch (n->type) {
    case NodeType::kComment: return true;
    case NodeType::kList:
      for (const auto& c : static_cast<const ListNode*>(n)->nodes) {
        if (!IsEmptyTree(c.get())) return false;
      }
      return true;
    case NodeType::kText: {
      // len(bytes.TrimSpace(text)) == 0: every rune is unicode.IsSpace.
      const std::string_view t = static_cast<const TextNode*>(n)->text;
      for (size_t i = 0; i < t.size();) {
        const gocompat::DecodedRune d = gocompat::DecodeRune(t, i);
        if (!gocompat::IsSpace(d.rune)) return false;
        i += static_cast<size_t>(d.size);
      }
      return true;
    }
    default: return false;
  }
}

// ---- number literals (strconv and node.go's newNumber) ----

namespace {

// strconv.ParseFloat(s, 64), when it succeeds.
bool ParseFloat(std::string_view s, double* out) {
  absl::StatusOr<double> f = gocompat::ParseFloat(s, 64);
  if (f.ok()) *out = *f;
  return f.ok();
}

// fmt.Sscan(text, &complex128), which Go's newNumber runs on a "1+2i" item: scan.go's
// complexTokens (a float token, a sign, a float token, 'i'; the rest is ignored) and
// convertFloat, whose errors are strconv's. Its decimal-with-p-exponent branch is left out:
// the lexer lets 'p' through only after 0x.
bool ScanComplex(std::string_view text, double* re, double* im, std::string* err) {
  size_t i = 0;
  auto accept = [&](std::string_view ok) {
    if (i < text.size() && ok.find(text[i]) != std::string_view::npos) {
      ++i;
      return true;
    }
    return false;
  };
  auto float_token = [&]() {
    size_t start = i;
    if (accept("nN") && accept("aA") && accept("nN")) return text.substr(start, i - start);
    accept("+-");
    if (accept("iI") && accept("nN") && accept("fF")) return text.substr(start, i - start);
    std::string_view digits = "0123456789_", exp = "eEpP";
    if (accept("0") && accept("xX")) {
      digits = "0123456789aAbBcCdDeEfF_";
      exp = "pP";
    }
    while (accept(digits)) {
    }
    if (accept(".")) {
      while (accept(digits)) {
      }
    }
    if (accept(exp)) {
      accept("+-");
      while (accept("0123456789_")) {
      }
    }
    return text.substr(start, i - start);
  };
  std::string real(float_token());
  if (!accept("+-")) {
    *err = "syntax error scanning complex number";
    return false;
  }
  std::string imag(1, text[i - 1]);
  imag += float_token();
  if (!accept("i")) {
    *err = "syntax error scanning complex number";
    return false;
  }
  for (auto [part, out] : {std::pair{&real, re}, std::pair{&imag, im}}) {
    absl::StatusOr<double> f = gocompat::ParseFloat(*part, 64);
    if (!f.ok()) {
      *err = std::string(f.status().message());
      return false;
    }
    *out = *f;
  }
  return true;
}

bool FloatIsInt64(double f) { return f >= -9223372036854775808.0 && f < 9223372036854775808.0 && static_cast<double>(static_cast<int64_t>(f)) == f; }
bool FloatIsUint64(double f) { return f >= 0 && f < 18446744073709551616.0 && static_cast<double>(static_cast<uint64_t>(f)) == f; }

void SimplifyComplex(NumberNode* n) {
  n->is_float = n->imag == 0;
  if (n->is_float) {
    n->float64 = n->real;
    n->is_int = FloatIsInt64(n->real);
    if (n->is_int) n->int64 = static_cast<int64_t>(n->real);
    n->is_uint = FloatIsUint64(n->real);
    if (n->is_uint) n->uint64 = static_cast<uint64_t>(n->real);
  }
}

struct ParseError {
  std::string msg;
};

}  // namespace

// ---- the parser ----

namespace {

constexpr int kMaxNesting = 1000;
// Nesting is also bounded by stack use, measured from where Parse began: frames are several
// times larger under sanitizers, and the stack is what actually runs out.
constexpr size_t kParseStackBudget = 2 << 20;
thread_local const char* g_parse_stack_base = nullptr;

class Parser {
 public:
  Parser(std::string name, std::shared_ptr<const TreeSource> src, Lexer* lex,
         const ParseOptions* opts, TreeSet* set, int* nesting)
      : name_(std::move(name)), src_(std::move(src)), lex_(lex), opts_(opts), set_(set),
        nesting_(nesting) {
    vars_.push_back("$");
  }

  void ParseTop() {
    root_ = std::make_unique<ListNode>(Peek().pos, src_.get());
    while (Peek().type != ItemType::kEOF) {
      if (Peek().type == ItemType::kLeftDelim) {
        Item delim = Next();
        if (NextNonSpace().type == ItemType::kDefine) {
          Parser def("definition", src_, lex_, opts_, set_, nesting_);
          def.ParseDefinition();
          continue;
        }
        Backup2(std::move(delim));
      }
      NodePtr n = TextOrAction();
      if (n->type == NodeType::kEnd || n->type == NodeType::kElse) {
        Errorf("unexpected " + n->String());
      }
      root_->nodes.push_back(std::move(n));
    }
    Add();
  }

 private:
  [[noreturn]] void Errorf(const std::string& msg) {
    throw ParseError{Cat("template: ", src_->parse_name, ":", token_[0].line, ": ", msg)};
  }

  // ---- tokens ----
  Item& Next() {
    if (peek_count_ > 0) {
      peek_count_--;
    } else {
      token_[0] = lex_->NextItem();
    }
    return token_[peek_count_];
  }
  void Backup() { peek_count_++; }
  void Backup2(Item t1) {
    token_[1] = std::move(t1);
    peek_count_ = 2;
  }
  void Backup3(Item t2, Item t1) {
    token_[1] = std::move(t1);
    token_[2] = std::move(t2);
    peek_count_ = 3;
  }
  const Item& Peek() {
    if (peek_count_ > 0) return token_[peek_count_ - 1];
    peek_count_ = 1;
    token_[0] = lex_->NextItem();
    return token_[0];
  }
  Item NextNonSpace() {
    for (;;) {
      Item& t = Next();
      if (t.type != ItemType::kSpace) return t;
    }
  }
  Item PeekNonSpace() {
    Item t = NextNonSpace();
    Backup();
    return t;
  }
  Item Expect(ItemType expected, const char* context) {
    Item t = NextNonSpace();
    if (t.type != expected) Unexpected(t, context);
    return t;
  }
  Item ExpectOneOf(ItemType e1, ItemType e2, const char* context) {
    Item t = NextNonSpace();
    if (t.type != e1 && t.type != e2) Unexpected(t, context);
    return t;
  }
  [[noreturn]] void Unexpected(const Item& token, std::string_view context) {
    if (token.type == ItemType::kError) {
      std::string extra;
      if (action_line_ != 0 && action_line_ != token.line) {
        extra = Cat(" in action started at ", src_->parse_name, ":", action_line_);
        if (token.val.size() >= 7 && token.val.compare(token.val.size() - 7, 7, " action") == 0) {
          extra = extra.substr(std::string_view(" in action").size());
        }
      }
      Errorf(token.String() + extra);
    }
    Errorf(Cat("unexpected ", token.String(), " in ", context));
  }

  struct NestGuard {
    explicit NestGuard(Parser* p) : p(p) {
      const char* here = static_cast<const char*>(__builtin_frame_address(0));
      size_t used = g_parse_stack_base > here ? static_cast<size_t>(g_parse_stack_base - here) : 0;
      if (++*p->nesting_ > kMaxNesting || used > kParseStackBudget) {
        p->Errorf("template nesting too deep");
      }
    }
    ~NestGuard() { --*p->nesting_; }
    Parser* p;
  };

  // ---- trees ----
  void Add() {
    auto it = set_->find(name_);
    if (it == set_->end() || IsEmptyTree(it->second->root.get())) {
      auto tree = std::make_shared<Tree>();
      tree->name = name_;
      tree->src = src_;
      tree->root = std::move(root_);
      (*set_)[name_] = std::move(tree);
      return;
    }
    if (!IsEmptyTree(root_.get())) {
      Errorf("template: multiple definition of template " + gocompat::Quote(name_));
    }
  }

  void ParseDefinition() {
    const char* context = "define clause";
    Item name = ExpectOneOf(ItemType::kString, ItemType::kRawString, context);
    auto unq = gocompat::Unquote(name.val);
    if (!unq.ok()) Errorf(std::string(unq.status().message()));
    name_ = *unq;
    Expect(ItemType::kRightDelim, context);
    NodePtr end;
    root_ = ItemList(&end);
    if (end->type != NodeType::kEnd) Errorf(Cat("unexpected ", end->String(), " in ", context));
    Add();
  }

  std::unique_ptr<ListNode> ItemList(NodePtr* next) {
    NestGuard guard(this);
    auto list = std::make_unique<ListNode>(PeekNonSpace().pos, src_.get());
    while (PeekNonSpace().type != ItemType::kEOF) {
      NodePtr n = TextOrAction();
      if (n->type == NodeType::kEnd || n->type == NodeType::kElse) {
        *next = std::move(n);
        return list;
      }
      list->nodes.push_back(std::move(n));
    }
    Errorf("unexpected EOF");
  }

  NodePtr TextOrAction() {
    Item token = NextNonSpace();
    switch (token.type) {
      case ItemType::kText:
        return std::make_unique<TextNode>(token.pos, src_.get(), std::move(token.val));
      case ItemType::kLeftDelim: {
        action_line_ = token.line;
        NodePtr n = Action();
        action_line_ = 0;
        return n;
      }
      case ItemType::kComment:
        return std::make_unique<CommentNode>(token.pos, src_.get(), std::move(token.val));
      default: Unexpected(token, "input");
    }
  }

  NodePtr Action() {
    Item token = NextNonSpace();
    switch (token.type) {
      case ItemType::kBlock: return BlockControl();
      case ItemType::kBreak: return BreakControl(token.pos, token.line);
      case ItemType::kContinue: return ContinueControl(token.pos, token.line);
      case ItemType::kElse: return ElseControl();
      case ItemType::kEnd: return EndControl();
      case ItemType::kIf: return BranchControl(NodeType::kIf, true, "if");
      case ItemType::kRange: return BranchControl(NodeType::kRange, false, "range");
      case ItemType::kTemplate: return TemplateControl();
      case ItemType::kWith: return BranchControl(NodeType::kWith, true, "with");
      default: break;
    }
    Backup();
    const Item& t = Peek();
    int pos = t.pos, line = t.line;
    return std::make_unique<ActionNode>(pos, src_.get(), line, Pipeline("command", ItemType::kRightDelim));
  }

  NodePtr BreakControl(int pos, int line) {
    Item token = NextNonSpace();
    if (token.type != ItemType::kRightDelim) Unexpected(token, "{{break}}");
    if (range_depth_ == 0) Errorf("{{break}} outside {{range}}");
    return std::make_unique<BreakNode>(pos, src_.get(), line);
  }

  NodePtr ContinueControl(int pos, int line) {
    Item token = NextNonSpace();
    if (token.type != ItemType::kRightDelim) Unexpected(token, "{{continue}}");
    if (range_depth_ == 0) Errorf("{{continue}} outside {{range}}");
    return std::make_unique<ContinueNode>(pos, src_.get(), line);
  }

  std::unique_ptr<PipeNode> Pipeline(std::string_view context, ItemType end) {
    NestGuard guard(this);
    Item token = PeekNonSpace();
    auto pipe = std::make_unique<PipeNode>(token.pos, src_.get(), token.line);
  decls:
    if (Item v = PeekNonSpace(); v.type == ItemType::kVariable) {
      Next();
      // Since space is a token, we need 3-token look-ahead here in the worst case: in
      // "$x foo" we need to read "foo" (as opposed to ":=") to know that $x is an argument
      // variable rather than a declaration.
      Item token_after_variable = Peek();
      Item next = PeekNonSpace();
      if (next.type == ItemType::kAssign || next.type == ItemType::kDeclare) {
        pipe->is_assign = next.type == ItemType::kAssign;
        NextNonSpace();
        pipe->decl.push_back(std::make_unique<VariableNode>(v.pos, src_.get(), SplitIdent(v.val)));
        vars_.push_back(v.val);
      } else if (next.type == ItemType::kChar && next.val == ",") {
        NextNonSpace();
        pipe->decl.push_back(std::make_unique<VariableNode>(v.pos, src_.get(), SplitIdent(v.val)));
        vars_.push_back(v.val);
        if (context == "range" && pipe->decl.size() < 2) {
          switch (PeekNonSpace().type) {
            case ItemType::kVariable:
            case ItemType::kRightDelim:
            case ItemType::kRightParen:
              // second initialized variable in a range pipeline
              goto decls;
            default: Errorf("range can only initialize variables");
          }
        }
        Errorf(Cat("too many declarations in ", context));
      } else if (token_after_variable.type == ItemType::kSpace) {
        Backup3(std::move(v), std::move(token_after_variable));
      } else {
        Backup2(std::move(v));
      }
    }
    for (;;) {
      Item token = NextNonSpace();
      if (token.type == end) {
        CheckPipeline(pipe.get(), context);
        return pipe;
      }
      switch (token.type) {
        case ItemType::kBool:
        case ItemType::kCharConstant:
        case ItemType::kComplex:
        case ItemType::kDot:
        case ItemType::kField:
        case ItemType::kIdentifier:
        case ItemType::kNumber:
        case ItemType::kNil:
        case ItemType::kRawString:
        case ItemType::kString:
        case ItemType::kVariable:
        case ItemType::kLeftParen:
          Backup();
          pipe->cmds.push_back(Command());
          break;
        default: Unexpected(token, context);
      }
    }
  }

  void CheckPipeline(PipeNode* pipe, std::string_view context) {
    if (pipe->cmds.empty()) Errorf(Cat("missing value for ", context));
    for (size_t i = 1; i < pipe->cmds.size(); ++i) {
      switch (pipe->cmds[i]->args[0]->type) {
        case NodeType::kBool:
        case NodeType::kDot:
        case NodeType::kNil:
        case NodeType::kNumber:
        case NodeType::kString:
          Errorf(Cat("non executable command in pipeline stage ", i + 1));
        default: break;
      }
    }
  }

  NodePtr BranchControl(NodeType type, bool allow_else_if, const char* context) {
    size_t vars_mark = vars_.size();
    auto pipe = Pipeline(context, ItemType::kRightDelim);
    if (type == NodeType::kRange) range_depth_++;
    NodePtr next;
    auto list = ItemList(&next);
    if (type == NodeType::kRange) range_depth_--;
    std::unique_ptr<ListNode> else_list;
    if (next->type == NodeType::kElse) {
      // Go 1.23 added {{else with}} beside {{else if}}; both are sugar for a nested
      // branch in the else list.
      ItemType chained = type == NodeType::kIf ? ItemType::kIf : ItemType::kWith;
      if (allow_else_if && Peek().type == chained) {
        Next();  // Consume the "if"/"with" token.
        else_list = std::make_unique<ListNode>(next->pos, src_.get());
        else_list->nodes.push_back(BranchControl(type, true, context));
      } else {
        else_list = ItemList(&next);
        if (next->type != NodeType::kEnd) Errorf("expected end; found " + next->String());
      }
    }
    vars_.resize(vars_mark);
    int pos = pipe->pos, line = pipe->line;
    auto n = std::make_unique<BranchNode>(type, pos, src_.get(), line);
    n->pipe = std::move(pipe);
    n->list = std::move(list);
    n->else_list = std::move(else_list);
    return n;
  }

  NodePtr EndControl() {
    return std::make_unique<EndNode>(Expect(ItemType::kRightDelim, "end").pos, src_.get());
  }

  NodePtr ElseControl() {
    Item peek = PeekNonSpace();
    if (peek.type == ItemType::kIf || peek.type == ItemType::kWith) {
      // We see "{{else if ... " or "{{else with ...": the branch parser handles it.
      return std::make_unique<ElseNode>(peek.pos, src_.get(), peek.line);
    }
    Item token = Expect(ItemType::kRightDelim, "else");
    return std::make_unique<ElseNode>(token.pos, src_.get(), token.line);
  }

  NodePtr BlockControl() {
    const char* context = "block clause";
    Item token = NextNonSpace();
    std::string name = ParseTemplateName(token, context);
    auto pipe = Pipeline(context, ItemType::kRightDelim);

    Parser block(name, src_, lex_, opts_, set_, nesting_);
    NodePtr end;
    block.root_ = block.ItemList(&end);
    if (end->type != NodeType::kEnd) Errorf(Cat("unexpected ", end->String(), " in ", context));
    block.Add();
    return std::make_unique<TemplateNode>(token.pos, src_.get(), token.line, name, std::move(pipe));
  }

  NodePtr TemplateControl() {
    const char* context = "template clause";
    Item token = NextNonSpace();
    std::string name = ParseTemplateName(token, context);
    std::unique_ptr<PipeNode> pipe;
    if (NextNonSpace().type != ItemType::kRightDelim) {
      Backup();
      pipe = Pipeline(context, ItemType::kRightDelim);
    }
    return std::make_unique<TemplateNode>(token.pos, src_.get(), token.line, name, std::move(pipe));
  }

  std::string ParseTemplateName(const Item& token, const char* context) {
    if (token.type == ItemType::kString || token.type == ItemType::kRawString) {
      auto s = gocompat::Unquote(token.val);
      if (!s.ok()) Errorf(std::string(s.status().message()));
      return *s;
    }
    Unexpected(token, context);
  }

  std::unique_ptr<CommandNode> Command() {
    auto cmd = std::make_unique<CommandNode>(PeekNonSpace().pos, src_.get());
    for (;;) {
      PeekNonSpace();  // skip leading spaces.
      NodePtr operand = Operand();
      if (operand) cmd->args.push_back(std::move(operand));
      Item& token = Next();
      switch (token.type) {
        case ItemType::kSpace: continue;
        case ItemType::kRightDelim:
        case ItemType::kRightParen: Backup(); break;
        case ItemType::kPipe: break;
        default: Unexpected(token, "operand");
      }
      break;
    }
    if (cmd->args.empty()) Errorf("empty command");
    return cmd;
  }

  NodePtr Operand() {
    NodePtr node = Term();
    if (!node) return nullptr;
    if (Peek().type == ItemType::kField) {
      auto chain = std::make_unique<ChainNode>(Peek().pos, src_.get(), nullptr);
      std::vector<std::string> fields;
      while (Peek().type == ItemType::kField) {
        // Each field item is ".name"; Go's Chain.Add strips the dot.
        fields.push_back(Next().val.substr(1));
      }
      switch (node->type) {
        case NodeType::kField: {
          auto* f = static_cast<FieldNode*>(node.get());
          std::vector<std::string> ident = f->ident;
          ident.insert(ident.end(), fields.begin(), fields.end());
          return std::make_unique<FieldNode>(chain->pos, src_.get(), std::move(ident));
        }
        case NodeType::kVariable: {
          auto* v = static_cast<VariableNode*>(node.get());
          std::vector<std::string> ident = v->ident;
          ident.insert(ident.end(), fields.begin(), fields.end());
          return std::make_unique<VariableNode>(chain->pos, src_.get(), std::move(ident));
        }
        case NodeType::kBool:
        case NodeType::kString:
        case NodeType::kNumber:
        case NodeType::kNil:
        case NodeType::kDot:
          Errorf("unexpected . after term " + gocompat::Quote(node->String()));
        default: {
          auto c = std::make_unique<ChainNode>(chain->pos, src_.get(), std::move(node));
          c->field = std::move(fields);
          return c;
        }
      }
    }
    return node;
  }

  NodePtr Term() {
    Item token = NextNonSpace();
    switch (token.type) {
      case ItemType::kIdentifier:
        if (opts_->has_function && !opts_->has_function(token.val)) {
          Errorf("function " + gocompat::Quote(token.val) + " not defined");
        }
        return std::make_unique<IdentifierNode>(token.pos, src_.get(), token.val);
      case ItemType::kDot: return std::make_unique<DotNode>(token.pos, src_.get());
      case ItemType::kNil: return std::make_unique<NilNode>(token.pos, src_.get());
      case ItemType::kVariable: return UseVar(token.pos, token.val);
      case ItemType::kField:
        return std::make_unique<FieldNode>(token.pos, src_.get(), SplitIdent(token.val.substr(1)));
      case ItemType::kBool:
        return std::make_unique<BoolNode>(token.pos, src_.get(), token.val == "true");
      case ItemType::kCharConstant:
      case ItemType::kComplex:
      case ItemType::kNumber: return NewNumber(token);
      case ItemType::kLeftParen: return Pipeline("parenthesized pipeline", ItemType::kRightParen);
      case ItemType::kString:
      case ItemType::kRawString: {
        auto s = gocompat::Unquote(token.val);
        if (!s.ok()) Errorf(std::string(s.status().message()));
        return std::make_unique<StringNode>(token.pos, src_.get(), token.val, *std::move(s));
      }
      default: break;
    }
    Backup();
    return nullptr;
  }

  NodePtr NewNumber(const Item& token) {
    const std::string& text = token.val;
    auto n = std::make_unique<NumberNode>(token.pos, src_.get(), text);
    if (token.type == ItemType::kCharConstant) {
      absl::StatusOr<gocompat::UnquotedChar> c = gocompat::UnquoteChar(std::string_view(text).substr(1), text[0]);
      if (!c.ok()) Errorf(std::string(c.status().message()));
      if (c->tail != "'") Errorf("malformed character constant: " + text);
      const auto r = static_cast<int32_t>(c->value);
      n->int64 = r;
      n->is_int = true;
      n->uint64 = static_cast<uint64_t>(r);
      n->is_uint = true;
      n->float64 = r;
      n->is_float = true;
      return n;
    }
    if (token.type == ItemType::kComplex) {
      double re, im;
      std::string err;
      if (!ScanComplex(text, &re, &im, &err)) Errorf(err);
      n->is_complex = true;
      n->real = re;
      n->imag = im;
      SimplifyComplex(n.get());
      return n;
    }
    if (!text.empty() && text.back() == 'i') {
      double f;
      if (ParseFloat(std::string_view(text).substr(0, text.size() - 1), &f)) {
        n->is_complex = true;
        n->real = 0;
        n->imag = f;
        SimplifyComplex(n.get());
        return n;
      }
    }
    // Do integer test first so we get 0x123 etc.
    absl::StatusOr<uint64_t> u = gocompat::ParseUint(text, 0, 64);  // will fail for -0; fixed below
    if (u.ok()) {
      n->is_uint = true;
      n->uint64 = *u;
    }
    if (absl::StatusOr<int64_t> i = gocompat::ParseInt(text, 0, 64); i.ok()) {
      n->is_int = true;
      n->int64 = *i;
      if (*i == 0) {
        n->is_uint = true;  // in case of -0.
        n->uint64 = 0;
      }
    }
    if (n->is_int) {
      n->is_float = true;
      n->float64 = static_cast<double>(n->int64);
    } else if (n->is_uint) {
      n->is_float = true;
      n->float64 = static_cast<double>(n->uint64);
    } else {
      double f;
      if (ParseFloat(text, &f)) {
        // If we parsed it as a float but it looks like an integer, it's a huge number
        // too large to fit in an int. Reject it.
        if (text.find_first_of(".eEpP") == std::string::npos) {
          Errorf("integer overflow: " + gocompat::Quote(text));
        }
        n->is_float = true;
        n->float64 = f;
        if (!n->is_int && FloatIsInt64(f)) {
          n->is_int = true;
          n->int64 = static_cast<int64_t>(f);
        }
        if (!n->is_uint && FloatIsUint64(f)) {
          n->is_uint = true;
          n->uint64 = static_cast<uint64_t>(f);
        }
      }
    }
    if (!n->is_int && !n->is_uint && !n->is_float) Errorf("illegal number syntax: " + gocompat::Quote(text));
    return n;
  }

  NodePtr UseVar(int pos, const std::string& name) {
    auto v = std::make_unique<VariableNode>(pos, src_.get(), SplitIdent(name));
    for (const auto& var_name : vars_) {
      if (var_name == v->ident[0]) return v;
    }
    Errorf("undefined variable " + gocompat::Quote(v->ident[0]));
  }

  static std::vector<std::string> SplitIdent(std::string_view s) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
      size_t dot = s.find('.', start);
      if (dot == std::string_view::npos) {
        out.emplace_back(s.substr(start));
        return out;
      }
      out.emplace_back(s.substr(start, dot - start));
      start = dot + 1;
    }
  }

  std::string name_;
  std::shared_ptr<const TreeSource> src_;
  Lexer* lex_;
  const ParseOptions* opts_;
  TreeSet* set_;
  int* nesting_;
  std::unique_ptr<ListNode> root_;
  Item token_[3];
  int peek_count_ = 0;
  std::vector<std::string> vars_;
  int action_line_ = 0;
  int range_depth_ = 0;
};

}  // namespace

absl::Status ParseTrees(std::string_view name, std::string_view text, const ParseOptions& opts,
                        TreeSet* trees) {
  auto src = std::make_shared<TreeSource>();
  src->parse_name = std::string(name);
  src->text = std::string(text);
  bool break_ok = !(opts.has_function && opts.has_function("break"));
  bool continue_ok = !(opts.has_function && opts.has_function("continue"));
  Lexer lex(src->text, opts.parse_comments, break_ok, continue_ok);
  TreeSet parsed;
  int nesting = 0;
  const bool outermost = g_parse_stack_base == nullptr;  // tpl parses inside an execution
  if (outermost) g_parse_stack_base = static_cast<const char*>(__builtin_frame_address(0));
  struct ResetBase {
    bool outermost;
    ~ResetBase() {
      if (outermost) g_parse_stack_base = nullptr;
    }
  } reset{outermost};
  try {
    Parser p(std::string(name), src, &lex, &opts, &parsed, &nesting);
    p.ParseTop();
  } catch (const ParseError& e) {
    return absl::InvalidArgumentError(e.msg);
  }
  for (auto& [n, t] : parsed) (*trees)[n] = std::move(t);
  return absl::OkStatus();
}

}  // namespace templating
