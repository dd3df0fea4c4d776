/** Stylesheets are imported for their effect: Vite bundles them into a hashed .css file. */
declare module '*.css';
