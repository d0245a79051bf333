#include "templating/exec.h"

#include <sys/resource.h>

#include <algorithm>
#include <new>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"

#include "gocompat/strconv.h"
#include "templating/builtins.h"
#include "templating/fmt.h"
#include "templating/output_limits.h"
#include "templating/stack_guard.h"
#include "templating/literal_args.h"

namespace templating {

namespace {

// Go's limit on nested template calls. Our frames live on a fixed stack, so a stack
// budget stops recursion first when frames are big; both report Go's message.
constexpr int kMaxExecDepth = 100000;
constexpr size_t kStackBudget = 2 << 20;  // bytes of stack template calls may use
// A last resort for deep nesting inside one template (parenthesized pipelines).
constexpr size_t kHardStackBudget = kStackBudget + (512 << 10);
constexpr const char* kCallErrorPayload = "tmpl.CallError";
constexpr const char* kValueTooDeep = "a value is nested too deeply for podinit's stack";
constexpr const char* kArgTypePayload = "tmpl.ArgType";  // the Go type an argument missed

struct ExecError {
  std::string msg;
};

enum class Flow { kNormal, kBreak, kContinue };

const Value kMissingValue;
const Value kNilValue = Value::Nil();

// A value together with whether Go would see it boxed in an interface{} (map members and
// list elements are): that decides "nil pointer evaluating interface {}.x" and the type
// named in "can't evaluate field x in type interface {}".
struct Ref {
  const Value* v;
  bool iface;
  // Owns *v when it was made on the way (a method's result) rather than found in the data.
  std::shared_ptr<const Value> own = nullptr;
};

Ref Owned(Value v) {
  auto p = std::make_shared<const Value>(std::move(v));
  const Value* raw = p.get();
  return Ref{raw, false, std::move(p)};
}

// Every Execute on this thread shares the stack-budget origin of the outermost one.
thread_local const char* g_stack_base = nullptr;

struct StackBaseScope {
  StackBaseScope() {
    if (g_stack_base == nullptr) {
      g_stack_base = static_cast<const char*>(__builtin_frame_address(0));
      owner = true;
    }
  }
  ~StackBaseScope() {
    if (owner) g_stack_base = nullptr;
  }
  bool owner = false;
};

std::string MiB(size_t bytes) {
  return bytes % (size_t{1} << 20) == 0 ? Cat(bytes >> 20, " MiB") : Cat(bytes, " bytes");
}

// How much of the stack a value walk may use (stack_guard.h): the limit the process was
// started with (8 MiB by default), less room for what ran before Execute and for the error's
// way out; never less than the template calls' own budget.
size_t ValueStackBudget() {
  static const size_t budget = [] {
    rlimit rl{};
    size_t limit = 8 << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) limit = rl.rlim_cur;
    limit = std::min<size_t>(limit, 64 << 20);
    size_t reserve = 1536 << 10;
    return std::max(kHardStackBudget, limit > reserve ? limit - reserve : 0);
  }();
  return budget;
}

bool StackExhausted(size_t budget = kStackBudget) {
  const char* here = static_cast<const char*>(__builtin_frame_address(0));
  size_t used = g_stack_base > here ? static_cast<size_t>(g_stack_base - here)
                                    : static_cast<size_t>(here - g_stack_base);
  return used > budget;
}

}  // namespace

void CheckValueDepth() {
  if (g_stack_base != nullptr && StackExhausted(ValueStackBudget())) throw ValueTooDeep{};
}

namespace {

class Exec final : public ExecContext {
 public:
  Exec(const TemplateSet& set, std::string* out, int depth)
      : set_(set), out_(*out), depth_(depth) {}

  void Run(const Tree& tree, const Value& data) {
    name_ = tree.name;
    // What Go sees: reflect.ValueOf(nil) is invalid, so a nil root is a missing one.
    const Value& root = data.is_nil() ? kMissingValue : data;
    vars_.push_back(Var{"$", root, false});
    node_ = nullptr;
    Walk(Ref{&root, false}, tree.root.get());
  }

  // ---- CallContext ----
  absl::StatusOr<std::string> ExecuteTemplate(std::string_view name, const Value& data) override {
    auto it = set_.trees.find(name);
    if (it == set_.trees.end() || !it->second->root) {
      return absl::NotFoundError(Cat("template: no template ", gocompat::Quote(name),
                                              " associated with template ", gocompat::Quote(name_)));
    }
    return Nested(set_, *it->second, data);
  }

  absl::StatusOr<std::string> ExecuteText(std::string_view text, const Value& data) override {
    TemplateSet derived;
    derived.trees = set_.trees;
    derived.parent = &set_;
    derived.missing_key = set_.missing_key;
    derived.limits = set_.limits;
    std::string name = top_name_.empty() ? name_ : top_name_;
    // The new text is its own template: it replaces the running one's name only in the
    // derived set.
    derived.trees.erase(name);
    absl::Status st = ParseIntoSet(&derived, name, text);
    if (!st.ok()) return st;
    auto it = derived.trees.find(name);
    if (it == derived.trees.end()) return std::string();
    return Nested(derived, *it->second, data);
  }

  MissingKey missing_key() const override { return set_.missing_key; }
  bool ArgIsInterface(size_t i) const override {
    return i < arg_iface_.size() && arg_iface_[i];
  }

  void set_top_name(std::string_view n) { top_name_ = std::string(n); }

 private:
  struct Var {
    std::string_view name;
    Value value;
    bool iface;
  };

  absl::StatusOr<std::string> Nested(const TemplateSet& set, const Tree& tree, const Value& data) {
    if (depth_ + 1 >= kMaxExecDepth || StackExhausted()) {
      return absl::ResourceExhaustedError(
          Cat("exceeded maximum template depth (", kMaxExecDepth, ")"));
    }
    std::string out;
    Exec e(set, &out, depth_ + 1);
    e.top_name_ = top_name_.empty() ? name_ : top_name_;
    try {
      e.Run(tree, data);
    } catch (const ExecError& err) {
      return absl::InvalidArgumentError(err.msg);
    } catch (const ValueTooDeep&) {
      return absl::ResourceExhaustedError(e.Located(kValueTooDeep));
    }
    return out;
  }

  // ---- errors ----
  [[noreturn]] void Errorf(std::string_view msg) { throw ExecError{Located(msg)}; }

 public:
  // msg as Go's errors say it: the template, line and column, and the node being executed.
  std::string Located(std::string_view msg) const {
    if (node_ == nullptr) return Cat("template: ", name_, ": ", msg);
    const std::string& text = node_->src->text;
    int pos = node_->pos;
    std::string_view before = std::string_view(text).substr(0, pos);
    size_t nl = before.rfind('\n');
    int col = nl == std::string_view::npos ? pos : pos - static_cast<int>(nl + 1);
    int line = 1;
    for (char c : before) line += c == '\n';
    return Cat("template: ", node_->src->parse_name, ":", line, ":", col, ": executing ",
               gocompat::Quote(name_), " at <", node_->String(), ">: ", msg);
  }

 private:
  void At(const Node* n) { node_ = n; }

  // ---- variables ----
  void Push(std::string_view name, Value v, bool iface) {
    vars_.push_back(Var{name, std::move(v), iface});
  }
  size_t Mark() const { return vars_.size(); }
  void Pop(size_t mark) { vars_.resize(mark); }
  void SetVar(std::string_view name, Value v, bool iface) {
    for (size_t i = vars_.size(); i-- > 0;) {
      if (vars_[i].name == name) {
        vars_[i].value = std::move(v);
        vars_[i].iface = iface;
        return;
      }
    }
    Errorf(Cat("undefined variable: ", name));
  }
  void SetTopVar(size_t n, Value v, bool iface) {
    vars_[vars_.size() - n].value = std::move(v);
    vars_[vars_.size() - n].iface = iface;
  }
  const Var& VarValue(std::string_view name) {
    for (size_t i = vars_.size(); i-- > 0;) {
      if (vars_[i].name == name) return vars_[i];
    }
    Errorf(Cat("undefined variable: ", name));
  }

  // ---- walking ----
  Flow Walk(Ref dot, const Node* node) {
    At(node);
    switch (node->type) {
      case NodeType::kAction: {
        auto* a = static_cast<const ActionNode*>(node);
        if (a->pipe->decl.empty()) {
          if (Ref direct = DirectValue(dot, a->pipe.get()); direct.v != nullptr) {
            PrintValue(node, *direct.v);
            return Flow::kNormal;
          }
          Value v = EvalPipeline(dot, a->pipe.get());
          PrintValue(node, v);
        } else {
          EvalPipeline(dot, a->pipe.get());
        }
        return Flow::kNormal;
      }
      case NodeType::kBreak: return Flow::kBreak;
      case NodeType::kContinue: return Flow::kContinue;
      case NodeType::kComment: return Flow::kNormal;
      case NodeType::kIf:
      case NodeType::kWith: return WalkIfOrWith(dot, static_cast<const BranchNode*>(node));
      case NodeType::kList:
        for (const auto& n : static_cast<const ListNode*>(node)->nodes) {
          Flow f = Walk(dot, n.get());
          if (f != Flow::kNormal) return f;
        }
        return Flow::kNormal;
      case NodeType::kRange: WalkRange(dot, static_cast<const BranchNode*>(node)); return Flow::kNormal;
      case NodeType::kTemplate: WalkTemplate(dot, static_cast<const TemplateNode*>(node)); return Flow::kNormal;
      case NodeType::kText: Emit(node, static_cast<const TextNode*>(node)->text); return Flow::kNormal;
      default: Errorf("unknown node: " + node->String());
    }
  }

  // The common {{.a.b}}, {{$x}} and {{$x.a}} (a pipeline of one field or variable, no
  // declaration): the value where it is, in the data or the variable, not a copy of it (a
  // string copied is an allocation). A null v when the pipeline is anything else. v is good
  // while the Ref lives (it owns a method's result) and no variable is declared.
  Ref DirectValue(Ref dot, const PipeNode* pipe) {
    const Ref none{nullptr, false};
    if (pipe->cmds.size() != 1 || !pipe->decl.empty()) return none;
    const CommandNode* cmd = pipe->cmds[0].get();
    if (cmd->args.size() != 1) return none;
    const Node* arg = cmd->args[0].get();
    if (arg->type == NodeType::kField) {
      At(pipe);
      auto* field = static_cast<const FieldNode*>(arg);
      At(field);
      return FieldChainRef(dot, field->ident, cmd->args, nullptr);
    }
    if (arg->type == NodeType::kVariable) {
      At(pipe);
      auto* v = static_cast<const VariableNode*>(arg);
      At(v);
      const Var& var = VarValue(v->ident[0]);
      if (v->ident.size() == 1) return Ref{&var.value, var.iface};
      return FieldChainFrom(dot, Ref{&var.value, var.iface}, v, absl::MakeConstSpan(v->ident).subspan(1),
                            cmd->args, nullptr);
    }
    return none;
  }

  Flow WalkIfOrWith(Ref dot, const BranchNode* node) {
    size_t mark = Mark();
    Flow f = Flow::kNormal;
    if (node->type == NodeType::kIf) {
      Ref direct = DirectValue(dot, node->pipe.get());
      if (direct.v != nullptr ? direct.v->Truthy() : EvalPipeline(dot, node->pipe.get()).Truthy()) {
        f = Walk(dot, node->list.get());
      } else if (node->else_list) {
        f = Walk(dot, node->else_list.get());
      }
      Pop(mark);
      return f;
    }
    Value val = EvalPipeline(dot, node->pipe.get());
    if (val.Truthy()) {
      if (node->type == NodeType::kWith) {
        f = Walk(Ref{&val, false}, node->list.get());
      } else {
        f = Walk(dot, node->list.get());
      }
    } else if (node->else_list) {
      f = Walk(dot, node->else_list.get());
    }
    Pop(mark);
    return f;
  }

  // One pass of a range body; returns false when {{break}} ended the range.
  bool OneIteration(const BranchNode* r, size_t mark, const Value& index, const Value& elem,
                    bool elem_iface) {
    if (set_.limits.max_range_iterations != 0 &&
        ++range_iterations_ > set_.limits.max_range_iterations) {
      At(r);
      Errorf(Cat("range: more than ", set_.limits.max_range_iterations, " iterations"));
    }
    const PipeNode* pipe = r->pipe.get();
    if (!pipe->decl.empty()) {
      if (pipe->is_assign) {
        // Go 1.23 assigns to the named variables; older releases overwrote the stack top.
        SetVar(pipe->decl[pipe->decl.size() > 1 ? 1 : 0]->ident[0], elem, elem_iface);
        if (pipe->decl.size() > 1) SetVar(pipe->decl[0]->ident[0], index, false);
      } else {
        SetTopVar(1, elem, elem_iface);
        if (pipe->decl.size() > 1) SetTopVar(2, index, false);
      }
    }
    Flow f = Walk(Ref{&elem, elem_iface}, r->list.get());
    Pop(mark);
    return f != Flow::kBreak;
  }

  void WalkRange(Ref dot, const BranchNode* r) {
    At(r);
    size_t outer = Mark();
    Value val = EvalPipeline(dot, r->pipe.get());
    size_t mark = Mark();
    bool ran = false;
    switch (val.kind()) {
      case Value::Kind::kInt: {
        // Go 1.24's walkRange (exec.go): {{range N}} runs N times with dot 0..N-1 of N's
        // own type (reflect.Value.Seq), zero or negative N takes {{else}}, and there is no
        // index to give a second variable. kubectl built with Go 1.23 still rejects it
        // ("range can't iterate over 3"); the issue asks for the newer language.
        if (r->pipe->decl.size() > 1) {
          Errorf(Cat("can't use ", FormatValue(val), " to iterate over more than one variable"));
        }
        int64_t n = val.as_int();
        for (int64_t i = 0; i < n; ++i) {
          ran = true;
          Value iv(i, val.int_type());
          if (!OneIteration(r, mark, kMissingValue, iv, false)) break;
        }
        break;
      }
      case Value::Kind::kList: {
        auto keep = val.list_ptr();  // the body may reassign the variable holding the list
        const List& l = *keep;
        for (size_t i = 0; i < l.size(); ++i) {
          ran = true;
          if (!OneIteration(r, mark, Value(static_cast<int>(i)), l[i], true)) break;
        }
        break;
      }
      case Value::Kind::kMap: {
        // Go sorts the entries first (fmtsort) and ranges over that copy: the body may set
        // or unset keys of the map it ranges over (Sprig's set/unset change it in place).
        // The keys are made Values once, in the copy.
        std::vector<std::pair<Value, Value>> entries;
        entries.reserve(val.as_map().size());
        for (const auto& [k, v] : val.as_map()) entries.emplace_back(Value(k), v);
        for (const auto& [k, v] : entries) {
          ran = true;
          if (!OneIteration(r, mark, k, v, true)) break;
        }
        break;
      }
      case Value::Kind::kMissing:
      case Value::Kind::kNil: break;  // acts like an empty map
      // Go 1.24 also ranges over iter.Seq functions, but no function value here is one:
      // JSON data holds none, and a template function is always called, never passed.
      default: Errorf("range can't iterate over " + FormatValue(val));
    }
    if (!ran && r->else_list) Walk(dot, r->else_list.get());
    Pop(outer);
  }

  void WalkTemplate(Ref dot, const TemplateNode* t) {
    At(t);
    auto it = set_.trees.find(t->name);
    if (it == set_.trees.end() || !it->second->root) {
      Errorf("template " + gocompat::Quote(t->name) + " not defined");
    }
    if (depth_ + 1 >= kMaxExecDepth || StackExhausted()) {
      Errorf(Cat("exceeded maximum template depth (", kMaxExecDepth, ")"));
    }
    Value new_dot = t->pipe ? EvalPipeline(dot, t->pipe.get()) : Value();
    const Tree& tree = *it->second;
    std::vector<Var> saved_vars;
    saved_vars.swap(vars_);
    std::string saved_name = std::move(name_);
    name_ = tree.name;
    depth_++;
    vars_.push_back(Var{"$", new_dot, false});
    Walk(Ref{&new_dot, false}, tree.root.get());
    depth_--;
    name_ = std::move(saved_name);
    vars_.swap(saved_vars);
  }

  // ---- evaluation ----

  // Go converts a pipeline result held in an empty interface to its dynamic value, so a
  // nil interface becomes "no value".
  static void Normalize(Value* v) {
    if (v->is_nil()) *v = Value();
  }

  Value EvalPipeline(Ref dot, const PipeNode* pipe) {
    if (pipe == nullptr) return Value();
    if (StackExhausted(kHardStackBudget)) {
      Errorf(Cat("exceeded maximum template depth (", kMaxExecDepth, ")"));
    }
    At(pipe);
    Value value;
    bool have_final = false;
    for (const auto& cmd : pipe->cmds) {
      value = EvalCommand(dot, cmd.get(), have_final ? &value : nullptr);
      Normalize(&value);
      have_final = true;
    }
    for (const auto& var : pipe->decl) {
      if (pipe->is_assign) {
        SetVar(var->ident[0], value, false);
      } else {
        Push(var->ident[0], value, false);
      }
    }
    return value;
  }

  void NotAFunction(const std::vector<NodePtr>& args, const Value* final) {
    if (args.size() > 1 || final != nullptr) {
      Errorf("can't give argument to non-function " + args[0]->String());
    }
  }

  Value EvalCommand(Ref dot, const CommandNode* cmd, const Value* final) {
    const Node* first = cmd->args[0].get();
    switch (first->type) {
      case NodeType::kField: {
        auto* f = static_cast<const FieldNode*>(first);
        At(f);
        return *FieldChainRef(dot, f->ident, cmd->args, final).v;
      }
      case NodeType::kChain: return EvalChainNode(dot, static_cast<const ChainNode*>(first), cmd->args, final);
      case NodeType::kIdentifier:
        return EvalFunction(dot, static_cast<const IdentifierNode*>(first), cmd, cmd->args, final);
      case NodeType::kPipe:
        NotAFunction(cmd->args, final);
        return EvalPipeline(dot, static_cast<const PipeNode*>(first));
      case NodeType::kVariable:
        return EvalVariableNode(dot, static_cast<const VariableNode*>(first), &cmd->args, final);
      default: break;
    }
    At(first);
    NotAFunction(cmd->args, final);
    switch (first->type) {
      case NodeType::kBool: return Value(static_cast<const BoolNode*>(first)->value);
      case NodeType::kDot: return *dot.v;
      case NodeType::kNil: Errorf("nil is not a command");
      case NodeType::kNumber: return IdealConstant(static_cast<const NumberNode*>(first));
      case NodeType::kString: return Value(static_cast<const StringNode*>(first)->text);
      default: break;
    }
    Errorf("can't evaluate command " + gocompat::Quote(first->String()));
  }

  Value IdealConstant(const NumberNode* c) {
    At(c);
    const std::string& t = c->text;
    bool is_hex_int = t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') &&
                      t.find_first_of("pP") == std::string::npos;
    bool is_rune = !t.empty() && t[0] == '\'';
    if (c->is_complex) return Value(std::complex<double>(c->real, c->imag));
    if (c->is_float && !is_hex_int && !is_rune && t.find_first_of(".eEpP") != std::string::npos) {
      return Value(c->float64);
    }
    if (c->is_int) return Value(c->int64, Value::IntType::kInt);
    if (c->is_uint) Errorf(t + " overflows int");
    if (c->is_float) return Value(c->float64);
    return Value();
  }

  Value EvalChainNode(Ref dot, const ChainNode* chain, const std::vector<NodePtr>& args,
                      const Value* final, bool* iface = nullptr) {
    At(chain);
    if (chain->field.empty()) Errorf("internal error: no fields in evalChainNode");
    if (chain->node->type == NodeType::kNil) {
      Errorf("indirection through explicit nil in " + chain->String());
    }
    Value pipe = EvalArg(dot, chain->node.get(), /*raw=*/true);
    Normalize(&pipe);
    Ref r = FieldChainFrom(dot, Ref{&pipe, false}, chain, chain->field, args, final);
    if (iface != nullptr) *iface = r.iface;
    return *r.v;
  }

  Value EvalVariableNode(Ref dot, const VariableNode* v, const std::vector<NodePtr>* args,
                         const Value* final, bool* iface = nullptr) {
    At(v);
    const Var& var = VarValue(v->ident[0]);
    if (v->ident.size() == 1) {
      if (args != nullptr) NotAFunction(*args, final);
      if (iface != nullptr) *iface = var.iface;
      return var.value;
    }
    Value receiver = var.value;  // the variable stack may grow while the result is used
    static const std::vector<NodePtr> kNoArgs;
    Ref r = FieldChainFrom(dot, Ref{&receiver, var.iface}, v, absl::MakeConstSpan(v->ident).subspan(1),
                           args ? *args : kNoArgs, final);
    if (iface != nullptr) *iface = r.iface;
    return *r.v;
  }

  Ref FieldChainRef(Ref dot, absl::Span<const std::string> ident, const std::vector<NodePtr>& args,
                    const Value* final) {
    return FieldChainFrom(dot, dot, node_, ident, args, final);
  }

  // Go's evalFieldChain. The result points into the receiver's data or at a constant, so
  // it lives as long as the receiver does.
  Ref FieldChainFrom(Ref dot, Ref receiver, const Node* node, absl::Span<const std::string> ident,
                     const std::vector<NodePtr>& args, const Value* final) {
    (void)dot;
    (void)node;
    size_t n = ident.size();
    static const std::vector<NodePtr> kNoArgs;
    for (size_t i = 0; i + 1 < n; ++i) {
      receiver = receiver.v->is_object() ? EvalMember(dot, ident[i], *receiver.v, node, kNoArgs, nullptr)
                                         : EvalField(ident[i], false, receiver);
    }
    if (receiver.v->is_object()) return EvalMember(dot, ident[n - 1], *receiver.v, node, args, final);
    bool has_args = args.size() > 1 || final != nullptr;
    return EvalField(ident[n - 1], has_args, receiver);
  }

  // A field or method of a Go struct or pointer a function returned (time.Time,
  // *semver.Version): methods are called as Go's evalCall calls them.
  Ref EvalMember(Ref dot, const std::string& name, const Value& receiver, const Node* node,
                 const std::vector<NodePtr>& args, const Value* final) {
    Value keep = receiver;  // the receiver may live in a variable the arguments reassign
    const Object& o = keep.as_object();
    // Go reports a wrong argument count where it stands after evaluating the receiver.
    const Node* here = node_ != nullptr ? node_ : node;
    // Whether the type has the name at all, asked with no arguments (the objects' members
    // have no side effects).
    absl::Status probe = o.Member(name, {}).status();
    if (absl::IsNotFound(probe)) {
      if (probe.message() == "unexported") {
        Errorf(name + " is an unexported field of struct type " + o.TypeName());
      }
      Errorf("can't evaluate field " + name + " in type " + o.TypeName());
    }
    Function fn = [keep, name](CallContext&, absl::Span<const Value> a) -> absl::StatusOr<Value> {
      return keep.as_object().Member(name, a);
    };
    Value v = EvalCall(dot, fn, nullptr, false, node, here, name, args.empty() ? NoArgsFor(node) : args, final);
    Normalize(&v);
    return Owned(std::move(v));
  }

  // An argument list holding only the callee, for a method reached without a command.
  const std::vector<NodePtr>& NoArgsFor(const Node*) {
    static const std::vector<NodePtr> kOne = [] {
      std::vector<NodePtr> v;
      v.push_back(nullptr);
      return v;
    }();
    return kOne;
  }

  Ref EvalField(const std::string& field_name, bool has_args, Ref receiver) {
    const Value& rv = *receiver.v;
    if (rv.is_missing()) {
      if (set_.missing_key == MissingKey::kError) {
        Errorf("nil data; no entry for key " + gocompat::Quote(field_name));
      }
      return Ref{&kMissingValue, false};
    }
    if (rv.is_nil()) {
      Errorf("nil pointer evaluating interface {}." + field_name);
    }
    if (rv.is_map()) {
      if (has_args) Errorf(field_name + " is not a method but has arguments");
      const Map& m = rv.as_map();
      auto it = m.find(field_name);
      if (it != m.end()) return Ref{&it->second, true};
      switch (set_.missing_key) {
        case MissingKey::kDefault: return Ref{&kMissingValue, false};
        case MissingKey::kZero: return Ref{&kNilValue, true};
        case MissingKey::kError: Errorf("map has no entry for key " + gocompat::Quote(field_name));
      }
    }
    Errorf("can't evaluate field " + field_name + " in type " +
           (receiver.iface ? std::string("interface {}") : rv.TypeName()));
  }

  Value EvalFunction(Ref dot, const IdentifierNode* node, const Node* cmd,
                     const std::vector<NodePtr>& args, const Value* final) {
    At(node);
    const std::string& name = node->ident;
    // Found once per call site: a name is looked up in a map of some 250 (Sprig's), then in
    // the builtins', and a call in a range is made once per element. The set's functions do
    // not change while it runs.
    auto [it, added] = functions_.try_emplace(node);
    if (added) {
      it->second.f = set_.FindFunction(name);
      if (it->second.f == nullptr) {
        it->second.f = FindBuiltinFunc(name);
        it->second.builtin = true;
      }
    }
    const Func* f = it->second.f;
    if (f == nullptr) Errorf(gocompat::Quote(name) + " is not a defined function");
    return EvalCall(dot, f->fn, f->sig ? &*f->sig : nullptr, it->second.builtin, cmd, node, name, args, final);
  }

  // Go's evalCall. With a signature, the count is checked first (at the function's name),
  // then each argument is evaluated and converted to its parameter's type (evalArg,
  // validateType) before the next is evaluated, the piped value last. Without one (a
  // method, a function that checks its own arguments) all are evaluated, then the
  // function sees them.
  Value EvalCall(Ref dot, const Function& fn, const Signature* sig, bool builtin, const Node* node,
                 const Node* ident, const std::string& name, const std::vector<NodePtr>& all_args,
                 const Value* final) {
    size_t nargs = all_args.empty() ? 0 : all_args.size() - 1;  // zeroth is the function
    size_t num_in = nargs + (final != nullptr ? 1 : 0);
    if (sig != nullptr) {
      At(ident);
      CheckArgCount(*sig, name, nargs, num_in);
    }
    if (builtin && (name == "and" || name == "or")) {
      bool is_or = name == "or";
      Value v;
      for (size_t i = 1; i < all_args.size(); ++i) {
        v = EvalArg(dot, all_args[i].get(), true);
        if (v.Truthy() == is_or) return v;
      }
      if (final != nullptr) v = *final;
      return v;
    }
    // On the stack for the usual few arguments (printf with a format and five values): a
    // call is made per element of a range.
    absl::InlinedVector<Value, 6> argv;
    argv.reserve(num_in);
    absl::InlinedVector<bool, 8> boxed(num_in, false);
    // Where Go's validateType would stand for each argument: the last node evaluating it
    // touched (inside a parenthesized pipeline, that pipeline's last argument).
    absl::InlinedVector<const Node*, 8> arg_node(num_in, nullptr);
    for (size_t i = 1; i < all_args.size(); ++i) {
      bool b = false;
      if (sig != nullptr) {
        argv.push_back(TypedArg(dot, sig->Param(i - 1), all_args[i].get(), &b));
      } else {
        argv.push_back(EvalArg(dot, all_args[i].get(), false, &b));
      }
      boxed[i - 1] = b;
      arg_node[i - 1] = node_;
    }
    if (final != nullptr) {
      if (sig != nullptr) {
        // A command's result is never boxed: evalPipeline unwraps each one.
        argv.push_back(ValidateType(*final, false, sig->Param(nargs)));
      } else {
        argv.push_back(final->is_missing() ? Value::Nil() : *final);
      }
    }
    arg_iface_ = absl::MakeConstSpan(boxed);
    absl::StatusOr<Value> r;
    if (builtin && name == "call") {
      // Go's evalCall names the callee by its argument node, or by the piped value.
      std::string callee = nargs > 0 ? all_args[1]->String() : ReflectValueString(*final);
      r = CallBuiltin(*this, callee, argv);
    } else {
      r = fn(*this, argv);
      // A constant the function refused for its type: convert it as Go's evalArg would
      // have before the call, and call again (argument checks come before any work).
      for (size_t tries = 0; sig == nullptr && !r.ok() && tries < argv.size(); tries++) {
        const Node* lit = LiteralArgOfError(r.status(), all_args);
        auto type = r.status().GetPayload(kArgTypePayload);
        if (!type) break;
        if (lit == nullptr) {
          // A nil argument the function refused. Go tells apart a missing value (an
          // invalid reflect.Value: a nil map is a fine map) from a JSON null (an
          // interface{} holding nil, which fits no concrete type).
          size_t i = std::stoul(std::string(*r.status().GetPayload(kCallErrorPayload)));
          if (i >= argv.size() || !argv[i].is_nil()) break;
          std::string t(*type);
          if (boxed[i]) {
            r = ArgError(i, "wrong type for value; expected " + t + "; got interface {}");
            break;
          }
          if (!t.starts_with("map[")) break;
          argv[i] = Value::NilMap();
          r = fn(*this, argv);
          continue;
        }
        std::optional<Value> v = ConvertLiteralArg(*lit, std::string(*type));
        if (!v) {
          At(lit);
          Errorf(LiteralArgError(*lit, std::string(*type)));
        }
        argv[std::stoul(std::string(*r.status().GetPayload(kCallErrorPayload)))] = *std::move(v);
        r = fn(*this, argv);
      }
    }
    arg_iface_ = {};
    if (r.ok() && r->is_string() && r->as_string().size() > set_.limits.max_output) {
      r = absl::ResourceExhaustedError(Cat("the result exceeds ", MiB(set_.limits.max_output)));
    }
    if (!r.ok()) {
      const absl::Status& st = r.status();
      if (auto payload = st.GetPayload(kCallErrorPayload)) {
        std::string idx(*payload);
        if (!idx.empty()) {
          size_t k = std::stoul(idx) + 1;
          if (k < all_args.size()) {
            At(arg_node[k - 1] != nullptr ? arg_node[k - 1] : all_args[k].get());
          } else if (all_args.size() > 1) {
            // The piped value: Go's validateType reports it where evalArg left off, at the
            // last argument it evaluated.
            At(arg_node[all_args.size() - 2] != nullptr ? arg_node[all_args.size() - 2] : all_args.back().get());
          } else {
            At(ident);
          }
        } else {
          At(ident);
        }
        Errorf(std::string(st.message()));
      }
      At(node);
      Errorf(Cat("error calling ", name, ": ", std::string(st.message())));
    }
    return *std::move(r);
  }

  // evalCall's count check, with Go's texts (for a variadic it counts the written
  // arguments, without the piped one).
  void CheckArgCount(const Signature& sig, const std::string& name, size_t nargs, size_t num_in) {
    const size_t num_fixed = sig.NumFixed();
    if (sig.variadic) {
      if (num_in < num_fixed) {
        Errorf(Cat("wrong number of args for ", name, ": want at least ", num_fixed, " got ", nargs));
      }
    } else if (num_in != num_fixed) {
      Errorf(Cat("wrong number of args for ", name, ": want ", num_fixed, " got ", num_in));
    }
  }

  // Go's evalArg for a parameter of type t.
  Value TypedArg(Ref dot, GoType t, const Node* n, bool* boxed) {
    At(n);
    if (t != GoType::kAny && t != GoType::kValue && IsLiteralArg(*n)) {
      // A constant is set into the parameter's type, or named in the complaint.
      std::string type(GoTypeName(t));
      std::optional<Value> v = ConvertLiteralArg(*n, type);
      if (!v) Errorf(LiteralArgError(*n, type));
      return *std::move(v);
    }
    Value v = EvalArg(dot, n, /*raw=*/true, boxed);
    return ValidateType(std::move(v), *boxed, t);
  }

  // Go's validateType, reporting where evaluation left off. `boxed`: v came out of a map or
  // list, in an interface{} that Go looks into (a nil one fits no concrete type).
  Value ValidateType(Value v, bool boxed, GoType t) {
    if (t == GoType::kValue) return v;  // Go's builtins see the value as it is
    if (v.is_missing() || (v.is_nil() && !boxed)) {
      switch (t) {
        case GoType::kAny: return Value::Nil();
        case GoType::kMap: return Value::NilMap();
        case GoType::kIfaceList: return Value::NilList();
        default: Errorf(Cat("invalid value; expected ", GoTypeName(t)));
      }
    }
    if (FitsGoType(v, t)) return v;
    Errorf(Cat("wrong type for value; expected ", GoTypeName(t), "; got ",
               v.is_nil() ? std::string("interface {}") : v.TypeName()));
  }

  // The constant argument node an ArgTypeError is about, or null.
  static const Node* LiteralArgOfError(const absl::Status& st,
                                       const std::vector<NodePtr>& all_args) {
    auto idx = st.GetPayload(kCallErrorPayload);
    if (!idx || idx->empty() || !st.GetPayload(kArgTypePayload)) return nullptr;
    size_t k = std::stoul(std::string(*idx)) + 1;  // all_args[0] is the function
    if (k >= all_args.size() || !IsLiteralArg(*all_args[k])) return nullptr;
    return all_args[k].get();
  }

  // Go's evalArg for an interface{} (or reflect.Value, when raw) parameter. Raw keeps a
  // missing value missing, as Go's builtins see it; otherwise it becomes nil.
  Value EvalArg(Ref dot, const Node* n, bool raw, bool* iface = nullptr) {
    At(n);
    Value v;
    bool boxed = false;
    switch (n->type) {
      case NodeType::kDot:
        v = *dot.v;
        boxed = dot.iface;
        break;
      case NodeType::kNil: v = raw ? Value() : Value::Nil(); return v;
      case NodeType::kField: {
        auto* f = static_cast<const FieldNode*>(n);
        static const std::vector<NodePtr> kNoArgs;
        Ref r = FieldChainFrom(dot, dot, f, f->ident, kNoArgs, nullptr);
        v = *r.v;
        boxed = r.iface;
        break;
      }
      case NodeType::kVariable:
        v = EvalVariableNode(dot, static_cast<const VariableNode*>(n), nullptr, nullptr, &boxed);
        break;
      case NodeType::kPipe: v = EvalPipeline(dot, static_cast<const PipeNode*>(n)); break;
      case NodeType::kIdentifier: {
        static const std::vector<NodePtr> kNoArgs;
        v = EvalFunction(dot, static_cast<const IdentifierNode*>(n), n, kNoArgs, nullptr);
        break;
      }
      case NodeType::kChain: {
        static const std::vector<NodePtr> kNoArgs;
        v = EvalChainNode(dot, static_cast<const ChainNode*>(n), kNoArgs, nullptr, &boxed);
        break;
      }
      case NodeType::kBool: return Value(static_cast<const BoolNode*>(n)->value);
      case NodeType::kNumber: return IdealConstant(static_cast<const NumberNode*>(n));
      case NodeType::kString: return Value(static_cast<const StringNode*>(n)->text);
      default: Errorf("can't handle " + n->String() + " for arg of type interface {}");
    }
    if (!raw && v.is_missing()) v = Value::Nil();
    if (iface != nullptr) *iface = boxed && !v.is_missing();
    return v;
  }

  void PrintValue(const Node* n, const Value& v) {
    At(n);
    switch (v.kind()) {
      case Value::Kind::kMissing:
      case Value::Kind::kNil: Emit(n, "<no value>"); return;
      case Value::Kind::kString: Emit(n, v.as_string()); return;
      case Value::Kind::kFunc: Errorf("can't print " + n->String() + " of type func"); return;
      case Value::Kind::kObject: Emit(n, v.as_object().Format()); return;
      default:
        AppendValue(&out_, v);
        if (out_.size() > set_.limits.max_output) Emit(n, "");
    }
  }

  void Emit(const Node* n, std::string_view text) {
    if (out_.size() + text.size() > set_.limits.max_output) {
      At(n);
      Errorf(Cat("the output exceeds ", MiB(set_.limits.max_output)));
    }
    out_.append(text);
  }

  const TemplateSet& set_;
  std::string& out_;
  int depth_;
  std::string name_;      // the template being executed
  std::string top_name_;  // the template Execute was called on
  const Node* node_ = nullptr;
  std::vector<Var> vars_;
  absl::Span<const bool> arg_iface_;  // for the builtin being called
  uint64_t range_iterations_ = 0;
  struct FoundFunction {
    const Func* f = nullptr;
    bool builtin = false;  // Go's builtins (and, or, call, ...), found after the set's own
  };
  absl::flat_hash_map<const IdentifierNode*, FoundFunction> functions_;
};

}  // namespace

absl::Status CallError(std::string message) {
  absl::Status st = absl::InvalidArgumentError(message);
  st.SetPayload(kCallErrorPayload, absl::Cord(""));
  return st;
}

absl::Status ArgError(size_t arg_index, std::string message) {
  absl::Status st = absl::InvalidArgumentError(message);
  st.SetPayload(kCallErrorPayload, absl::Cord(std::to_string(arg_index)));
  return st;
}

absl::Status ArgTypeError(size_t arg_index, std::string_view go_type, const Value& got) {
  std::string type(go_type);
  absl::Status st = ArgError(arg_index, got.is_missing() || got.is_nil()
                                            ? "invalid value; expected " + type
                                            : "wrong type for value; expected " + type + "; got " +
                                                  got.TypeName());
  st.SetPayload(kArgTypePayload, absl::Cord(type));
  return st;
}

std::string_view GoTypeName(GoType t) {
  switch (t) {
    case GoType::kValue: return "reflect.Value";
    case GoType::kAny: return "interface {}";
    case GoType::kString: return "string";
    case GoType::kInt: return "int";
    case GoType::kFloat64: return "float64";
    case GoType::kBool: return "bool";
    case GoType::kUint32: return "uint32";
    case GoType::kMap: return "map[string]interface {}";
    case GoType::kIfaceList: return "[]interface {}";
    case GoType::kTime: return "time.Time";
    case GoType::kCert: return "sprig.certificate";
  }
  return "";
}

bool FitsGoType(const Value& v, GoType t) {
  switch (t) {
    case GoType::kValue:
    case GoType::kAny: return true;
    case GoType::kString: return v.is_string();
    case GoType::kInt: return v.is_int() && v.int_type() == Value::IntType::kInt;
    case GoType::kFloat64: return v.is_float();
    case GoType::kBool: return v.is_bool();
    case GoType::kUint32: return false;  // no value has the type; constants are converted
    case GoType::kMap: return v.is_map() && v.elem_type() == ElemType::kIface;
    case GoType::kIfaceList: return v.is_list() && v.elem_type() == ElemType::kIface;
    case GoType::kTime:
    case GoType::kCert: return v.is_object() && v.as_object().TypeName() == GoTypeName(t);
  }
  return false;
}

const Func* TemplateSet::FindFunction(std::string_view name) const {
  for (const TemplateSet* s = this; s != nullptr; s = s->parent) {
    auto it = s->funcs.find(name);
    if (it != s->funcs.end()) return &it->second;
  }
  return nullptr;
}

bool TemplateSet::HasFunction(std::string_view name) const {
  return FindFunction(name) != nullptr || FindBuiltin(name) != nullptr;
}

absl::StatusOr<std::string> ExecuteSet(const TemplateSet& set, std::string_view name,
                                       const Value& data) {
  StackBaseScope stack_scope;
  auto it = set.trees.find(name);
  if (it == set.trees.end() || !it->second->root) {
    return absl::InvalidArgumentError(Cat("template: ", name, ": ", gocompat::Quote(name),
                                                   " is an incomplete or empty template"));
  }
  std::string out;
  Exec e(set, &out, 0);
  e.set_top_name(name);
  try {
    e.Run(*it->second, data);
  } catch (const ExecError& err) {
    return absl::InvalidArgumentError(err.msg);
  } catch (const ValueTooDeep&) {
    return absl::ResourceExhaustedError(e.Located(kValueTooDeep));
  } catch (const std::bad_alloc&) {
    // The limits (output_limits.h) bound what one step makes, not what many keep alive at once.
    return absl::ResourceExhaustedError(
        Cat("template: ", name, ": out of memory (", out.size(), " bytes of output so far)"));
  }
  return out;
}

absl::Status ParseIntoSet(TemplateSet* set, std::string_view name, std::string_view text) {
  ParseOptions opts;
  opts.has_function = [set](std::string_view n) { return set->HasFunction(n); };
  TreeSet parsed;
  absl::Status st = ParseTrees(name, text, opts, &parsed);
  if (!st.ok()) return st;
  for (auto& [n, tree] : parsed) {
    auto it = set->trees.find(n);
    // Go's associate: an empty definition does not replace an existing template.
    if (it != set->trees.end() && IsEmptyTree(tree->root.get()) && it->second->root) continue;
    set->trees[n] = std::move(tree);
  }
  return absl::OkStatus();
}

}  // namespace templating
