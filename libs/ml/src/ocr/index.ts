export { TesseractOcr, closeTesseract } from './tesseract';
export { PpOcr, closePpOcr } from './ppocr';
