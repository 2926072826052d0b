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
    return send(params, Object.assign({}, options, { headers: headers }));
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
