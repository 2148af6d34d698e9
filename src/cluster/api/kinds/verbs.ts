// The verbs discovery advertises. Every served kind supports all of them except Namespaces,
// which cannot be deleted as a collection (Kubernetes lists them without "deletecollection").
export const standardVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const verbsWithoutDeleteCollection = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
