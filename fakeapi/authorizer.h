// RBAC as the apiserver's RBAC authorizer evaluates it, over the Roles, ClusterRoles and
// bindings in the store: a request is allowed when a ClusterRoleBinding, or a RoleBinding in
// the request's namespace, binds a subject matching the caller to a role with a matching rule.
#pragma once

#include <string>
#include <vector>

#include "fakeapi/store.h"

namespace fakeapi {

// Who a bearer token stands for.
struct Identity {
  std::string user;  // system:serviceaccount:NS:NAME for a ServiceAccount
  std::vector<std::string> groups;
  bool unrestricted = false;  // --token without a ServiceAccount: everything is allowed

  // The identity of ServiceAccount NS/NAME, with the groups the token authenticator gives it.
  static Identity ServiceAccount(std::string_view ns, std::string_view name);
};

// What is asked: a resource request (resource non-empty) or a non-resource path.
struct Attributes {
  std::string verb;
  std::string group;
  std::string resource;
  std::string subresource;
  std::string ns;
  std::string name;
  std::string path;
};

struct Decision {
  bool allowed = false;
  std::string reason;  // for a SubjectAccessReview status, as RBAC words it
};

Decision Authorize(const Store& store, const Identity& who, const Attributes& a);

}  // namespace fakeapi
