// memstore admin: the few behaviours plain HTML lacks in some browsers.
// Confirmation dialogs open and close through invoker commands (commandfor, command);
// browsers without them (before Chromium 135, Firefox 144, Safari 26) get the same here.
if (!('command' in HTMLButtonElement.prototype)) {
	document.addEventListener('click', (event) => {
		const button = event.target.closest('button[commandfor]');
		const dialog = button && document.getElementById(button.getAttribute('commandfor'));
		if (!(dialog instanceof HTMLDialogElement)) {
			return;
		}
		if (button.getAttribute('command') === 'show-modal') {
			dialog.showModal();
		}
		else if (button.getAttribute('command') === 'close') {
			dialog.close();
		}
	});
}
