(function () {
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.innerHTML = text; return e; }
  var chrono = document.querySelector('main.Chronology');
  if (chrono) {
    fetch('/api/w4/search?chrono=news&locale=ru&page=0&per_page=24').then(function (r) { return r.json(); }).then(function (data) {
      data.collection.forEach(function (url) {
        var doc = data.documents[url];
        var item = el('div', 'Chronology-item');
        var link = el('a', 'Link-root', doc.title); link.href = '/' + url;
        item.appendChild(link); item.appendChild(el('time', 'Timestamp-root', new Date(doc.published_at * 1000).toISOString()));
        chrono.appendChild(item);
      });
    });
  }
  var root = document.getElementById('article-root');
  if (root) {
    fetch('/api/w4' + location.pathname).then(function (r) { return r.json(); }).then(function (data) {
      data.root.content.blocks.forEach(function (block) {
        root.appendChild(el('p', block.type === 'lead' ? 'SimpleBlock-lead' : 'SimpleBlock-p', block.data));
      });
      root.appendChild(el('div', 'MaterialNote-note', 'Фото: Unsplash'));
      root.setAttribute('data-rendered', 'true');
    });
  }
})();
