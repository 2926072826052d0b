// Starts GraphiQL from the bundles the gateway serves itself; the page's JSON config
// carries the endpoint and the example tabs, so this file needs no inline script.
(function startPlayground() {
  var config = JSON.parse(document.getElementById('playground-config').textContent);
  var send = GraphiQL.createFetcher({ url: config.endpoint });
  // Header keys starting with "#" are notes in the Headers editor (JSON has no comments).
  function fetcher(params, options) {
    var headers = {};
    var given = (options && options.headers) || {};
    Object.keys(given).forEach(function keep(name) {
      if (name.charAt(0) !== '#') headers[name] = given[name];
    });
    return send(ownOperationName(params), Object.assign({}, options, { headers: headers }));
  }
  // Run right after a tab switch, GraphiQL sends the previous tab's operation name with the
  // new tab's query, which the server refuses; a name the query does not declare is dropped.
  function ownOperationName(params) {
    var name = params.operationName;
    if (typeof name !== 'string' || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) return params;
    var declared = new RegExp('(^|[^_0-9A-Za-z])(query|mutation|subscription)\\s+' + name + '(?![_0-9A-Za-z])');
    return declared.test(params.query) ? params : Object.assign({}, params, { operationName: undefined });
  }
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultHeaders: config.defaultHeaders,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  );
})();
