console.log('local');
