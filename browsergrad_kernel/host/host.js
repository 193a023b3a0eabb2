// The reference host of the browsergrad host protocol, version 1
// (docs/host-protocol.md). Everything that arrives is shown as text, never
// as HTML. window.browsergradHost is its handle for tests and for trying
// things in the console.
'use strict';

(() => {
  const PROTOCOL_VERSION = 1;
  const SHOWN_CHARS = 4000;
  const $ = id => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const frame = $('frame');
  const received = [];
  let port = null;

  $('site').value =
    params.get('site') || 'http://127.0.0.1:8000/lab/index.html';
  $('mode').value = params.get('mode') || 'ack';
  $('auto').checked = params.get('auto') !== '0';
  if (params.get('locale')) {
    $('locale').value = params.get('locale');
  }

  const siteOrigin = () => new URL($('site').value, location.href).origin;

  /** Add one line (and optional details) to the list, as text. */
  function show(kind, text, details) {
    const item = document.createElement('li');
    item.dataset.kind = kind;
    item.textContent = text;
    if (details !== undefined) {
      const pre = document.createElement('pre');
      pre.textContent =
        details.length > SHOWN_CHARS
          ? `${details.slice(0, SHOWN_CHARS)}… (${details.length} characters)`
          : details;
      item.append(pre);
    }
    $('received').append(item);
    $('count').textContent = String(received.length);
  }

  function record(message) {
    received.push(message);
    $('count').textContent = String(received.length);
  }

  function pretty(json) {
    try {
      return JSON.stringify(JSON.parse(json), null, 2);
    } catch {
      return String(json);
    }
  }

  /** The answer to one donation, as the mode says. */
  function answer(message) {
    const mode = $('mode').value;
    if (mode === 'silent') {
      return 'no answer (silent)';
    }
    const ack =
      mode === 'error'
        ? {
            type: 'ack',
            version: PROTOCOL_VERSION,
            id: message.id,
            success: false,
            status: 500,
            error: 'the reference host was set to answer with an error'
          }
        : {
            type: 'ack',
            version: PROTOCOL_VERSION,
            id: message.id,
            success: true,
            status: 200,
            error: null
          };
    port.postMessage(ack);
    return ack.success ? 'acknowledged' : 'answered with an error';
  }

  function onPortMessage(event) {
    const message = event.data;
    record(message);
    if (!message || typeof message !== 'object') {
      show('unknown', `not a message object: ${String(message)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        show(
          'ready',
          `ready (locale ${message.locale}, ${message.queued} queued)`
        );
        break;
      case 'donate': {
        const bytes = new TextEncoder().encode(message.json).length;
        const what = answer(message);
        show(
          'donate',
          `donate ${message.key} id=${message.id} ${bytes} bytes from ${message.source && message.source.notebook ? message.source.notebook : '?'}: ${what}`,
          pretty(message.json)
        );
        break;
      }
      case 'log':
        show('log', `log ${message.level}: ${message.message}`);
        break;
      case 'exit':
        show('exit', `exit ${message.code}: ${message.info}`);
        break;
      default:
        show(
          'unknown',
          `unknown message ${JSON.stringify(message).slice(0, 200)}`
        );
    }
  }

  /** Hand the site a new port (a second call rebinds). */
  function connect() {
    if (port) {
      port.close();
    }
    const channel = new MessageChannel();
    port = channel.port1;
    port.onmessage = onPortMessage;
    frame.contentWindow.postMessage(
      {
        type: 'live-init',
        version: PROTOCOL_VERSION,
        locale: $('locale').value
      },
      siteOrigin(),
      [channel.port2]
    );
    show('sent', `sent live-init to ${siteOrigin()}`);
  }

  function disconnect() {
    if (port) {
      port.close();
      port = null;
      show('sent', 'closed the port');
    }
  }

  function load() {
    port = null;
    frame.src = $('site').value;
    show('sent', `loading ${frame.src}`);
  }

  // The site says when its bridge listens (to the allowed origins only).
  window.addEventListener('message', event => {
    if (event.source !== frame.contentWindow || event.origin !== siteOrigin()) {
      return;
    }
    if (event.data && event.data.type === 'live-ready') {
      show('ready', `the site is ready (protocol ${event.data.version})`);
      if ($('auto').checked) {
        connect();
      }
    }
  });

  $('controls').addEventListener('submit', event => {
    event.preventDefault();
    load();
  });
  $('connect').addEventListener('click', connect);
  $('disconnect').addEventListener('click', disconnect);

  window.browsergradHost = {
    received,
    connect,
    disconnect,
    load,
    setMode: mode => ($('mode').value = mode),
    /** Send any message as live-init would (for trying bad input). */
    postRaw: (data, withPort) => {
      const channel = withPort ? new MessageChannel() : null;
      frame.contentWindow.postMessage(
        data,
        siteOrigin(),
        channel ? [channel.port2] : []
      );
      return channel ? channel.port1 : null;
    }
  };
  load();
})();
