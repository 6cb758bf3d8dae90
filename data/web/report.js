// Kuiduo report form: offers only the categories of the chosen kind, and
// shrinks photos in the browser (canvas, at most 1600 px, JPEG) before they
// are sent. Without JavaScript the form posts the files as they are and the
// server does the same work.
(function () {
  'use strict';
  var MAX_SIDE = 1600, QUALITY = 0.85, SMALL = 300 * 1024;
  var form = document.getElementById('report');
  if (!form) return;

  var kind = document.getElementById('kind'), category = document.getElementById('category');
  function filterCategories() {
    var groups = category.getElementsByTagName('optgroup');
    for (var i = 0; i < groups.length; i++) {
      var on = !kind.value || groups[i].getAttribute('data-kind') === kind.value;
      groups[i].hidden = !on;
      groups[i].disabled = !on;
    }
    var sel = category.options[category.selectedIndex];
    if (sel && sel.parentNode.disabled) category.value = '';
  }
  if (kind && category) {
    kind.addEventListener('change', filterCategories);
    filterCategories();
  }

  var input = document.getElementById('photos'), status = document.getElementById('photo-status');
  var button = form.querySelector('button[type=submit]');
  if (!input || !window.createImageBitmap || !window.DataTransfer || !HTMLCanvasElement.prototype.toBlob) return;

  function shrink(file) {
    if (!/^image\/(jpeg|png)$/.test(file.type)) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: 'from-image' }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size <= SMALL) return file;
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size
                  ? new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' })
                  : file);
        }, 'image/jpeg', QUALITY);
      });
    }).catch(function () { return file; });
  }

  var hint = status ? status.textContent : '';
  input.addEventListener('change', function () {
    var files = Array.prototype.slice.call(input.files || []);
    var max = parseInt(input.getAttribute('data-max'), 10) || 3;
    if (files.length > max) {
      input.value = '';
      if (status) status.textContent = input.getAttribute('data-too-many');
      return;
    }
    if (files.length === 0) return;
    if (status) status.textContent = input.getAttribute('data-shrinking');
    button.disabled = true;
    Promise.all(files.map(shrink)).then(function (small) {
      var dt = new DataTransfer();
      small.forEach(function (f) { dt.items.add(f); });
      input.files = dt.files;
    }).catch(function () { /* the originals go as they are */ }).then(function () {
      button.disabled = false;
      if (status) status.textContent = hint;
    });
  });
})();
