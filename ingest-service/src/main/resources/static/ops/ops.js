// The ops page: asks for the ops token once per browser session, then shows the figures of /ops/overview and the
// dead letters of /ops/dead-letters, refreshed every few seconds. Text goes into the page as text, never as HTML.
(function () {
  'use strict';
  var TOKEN_KEY = 'pipeline.ops.token';
  var REFRESH_MILLIS = 5000;
  var timer = null;

  function $(id) { return document.getElementById(id); }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function call(method, path) {
    return fetch(path, { method: method, headers: { 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json' } })
      .then(function (response) {
        if (response.status === 401) {
          sessionStorage.removeItem(TOKEN_KEY);
          showLogin('The ops token was refused.');
          throw new Error('unauthorized');
        }
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error((body.detail || response.statusText) + (body.requestId ? ' (request ' + body.requestId + ')' : ''));
          }
          return body;
        });
      });
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = (text === null || text === undefined) ? '–' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function fill(tableId, items, render) {
    var body = $(tableId).querySelector('tbody');
    body.replaceChildren();
    items.forEach(function (item) {
      var row = document.createElement('tr');
      render(row, item);
      body.appendChild(row);
    });
  }

  function time(iso) { return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : null; }

  function showOverview(overview) {
    fill('throughput', overview.throughput.slice().reverse(), function (row, minute) {
      cell(row, time(minute.start));
      cell(row, minute.accepted, 'number');
      cell(row, minute.rendered, 'number');
      cell(row, minute.published, 'number');
    });
    var latency = overview.submitToLive;
    $('latency').textContent = latency.posts === 0 ? 'No post published in the window.'
      : 'p50 ' + latency.p50Millis + ' ms · p99 ' + latency.p99Millis + ' ms over ' + latency.posts + ' posts';
    if (overview.lag === null) {
      fill('lag', [{ group: 'Kafka did not answer in time' }], function (row, item) { cell(row, item.group); });
    } else {
      fill('lag', overview.lag, function (row, lag) {
        cell(row, lag.group);
        cell(row, lag.topic);
        cell(row, lag.partition, 'number');
        cell(row, lag.lag, 'number');
      });
    }
    fill('posts', overview.recentPosts, function (row, post) {
      row.dataset.postId = post.postId;
      cell(row, time(post.acceptedAt));
      cell(row, post.title);
      cell(row, post.slug);
      cell(row, post.version, 'number');
      cell(row, post.stage, 'stage-' + post.stage);
    });
  }

  function showDeadLetters(letters) {
    fill('dead-letters', letters, function (row, letter) {
      var position = letter.topic + '/' + letter.partition + '/' + letter.offset;
      row.dataset.position = position;
      cell(row, letter.topic);
      cell(row, letter.partition, 'number');
      cell(row, letter.offset, 'number');
      cell(row, letter.key);
      cell(row, letter.originalTopic);
      cell(row, (letter.exceptionClass ? letter.exceptionClass.replace(/^.*\./, '') + ': ' : '') + (letter.reason || ''));
      cell(row, time(letter.failedAt));
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'redrive';
      button.textContent = 'Re-drive';
      button.addEventListener('click', function () {
        button.disabled = true;
        act(call('POST', '/ops/dead-letters/' + position.split('/').map(encodeURIComponent).join('/') + '/redrive'));
      });
      cell(row, null).replaceChildren(button);
    });
  }

  function act(request) {
    request.then(refresh, function (error) { showError(error.message); refresh(); });
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = !message;
  }

  function refresh() {
    if (!token()) return Promise.resolve();
    return Promise.all([call('GET', '/ops/overview'), call('GET', '/ops/dead-letters')])
      .then(function (answers) {
        showOverview(answers[0]);
        showDeadLetters(answers[1]);
        $('refreshed').textContent = time(answers[0].at);
        document.documentElement.dataset.loaded = String(Date.now());
        showError('');
      }, function (error) {
        if (error.message !== 'unauthorized') showError(error.message);
      });
  }

  function showLogin(message) {
    clearInterval(timer);
    $('dashboard').hidden = true;
    $('session').hidden = true;
    $('login').hidden = false;
    showError(message || '');
  }

  function showDashboard() {
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('session').hidden = false;
    refresh();
    clearInterval(timer);
    timer = setInterval(refresh, REFRESH_MILLIS);
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('login').addEventListener('submit', function (event) {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
      $('token').value = '';
      showDashboard();
    });
    $('logout').addEventListener('click', function () {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('');
    });
    $('redrive-all').addEventListener('click', function () { act(call('POST', '/ops/dead-letters/redrive')); });
    if (token()) showDashboard(); else showLogin('');
  });
})();
